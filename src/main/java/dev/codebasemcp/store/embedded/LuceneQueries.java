package dev.codebasemcp.store.embedded;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.store.SearchFilter;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/** Builds the Lucene queries of the search legs: filters and the lexical (BM25) query. */
final class LuceneQueries {

    /** Extra weight of a match in the symbol name, on top of its match in the combined text field. */
    static final float SYMBOL_BOOST = 1.5f;
    /** Longer queries keep their first terms (a pasted stack trace must not exceed the clause limit). */
    static final int MAX_QUERY_TERMS = 64;

    private LuceneQueries() {
    }

    /**
     * A query matching the documents that pass the filter, or null for no filter. It may match manifest documents
     * too; the search legs intersect it with fields (lexical text, vectors) that only chunks have.
     */
    static Query filter(SearchFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (filter.repositoryId() != null) {
            b.add(new TermQuery(new Term(LuceneSchema.REPO_ID, filter.repositoryId())), Occur.FILTER);
        }
        if (filter.language() != null) {
            b.add(new TermQuery(new Term(LuceneSchema.LANG, filter.language())), Occur.FILTER);
        }
        if (filter.fileExtension() != null) {
            b.add(new TermQuery(new Term(LuceneSchema.EXT, filter.fileExtension())), Occur.FILTER);
        }
        if (filter.pathPrefix() != null) {
            // Whole segments only: "src/main" matches itself and "src/main/...", never "src/mainframe".
            String prefix = filter.pathPrefix();
            Query segmentPrefix = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(LuceneSchema.PATH, prefix)), Occur.SHOULD)
                    .add(new PrefixQuery(new Term(LuceneSchema.PATH, prefix + "/")), Occur.SHOULD)
                    .setMinimumNumberShouldMatch(1)
                    .build();
            b.add(segmentPrefix, Occur.FILTER);
        }
        if (filter.pathRegex() != null) {
            b.add(pathRegex(filter.pathRegex()), Occur.FILTER);
        }
        return b.build();
    }

    private static Query pathRegex(String regex) {
        try {
            // NONE: none of Lucene's optional operators (& ~ @ <> #), so the syntax is the one SearchFilter promises.
            return new RegexpQuery(new Term(LuceneSchema.PATH, regex), RegExp.NONE);
        } catch (IllegalArgumentException | TooComplexToDeterminizeException e) {
            throw new InvalidInputException("directory pattern '" + regex + "' cannot be used as a path filter ("
                    + e.getMessage() + "); use a simpler glob such as 'src/**/*.py'", e);
        }
    }

    /** BM25 over the query terms, any term may match; null when there are no terms. */
    static Query lexical(List<String> terms, SearchFilter filter) {
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder scoring = new BooleanQuery.Builder();
        for (String t : terms.subList(0, Math.min(terms.size(), MAX_QUERY_TERMS))) {
            scoring.add(new TermQuery(new Term(LuceneSchema.TEXT, t)), Occur.SHOULD);
            scoring.add(new BoostQuery(new TermQuery(new Term(LuceneSchema.SYMBOL_TEXT, t)), SYMBOL_BOOST), Occur.SHOULD);
        }
        Query filterQuery = filter(filter);
        if (filterQuery == null) {
            return scoring.build();
        }
        return new BooleanQuery.Builder().add(scoring.build(), Occur.MUST).add(filterQuery, Occur.FILTER).build();
    }
}
