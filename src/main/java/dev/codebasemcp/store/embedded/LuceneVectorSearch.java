package dev.codebasemcp.store.embedded;

import java.io.IOException;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The semantic leg: exact nearest neighbours when at most {@value #EXACT_MAX_DOCS} documents can match (small
 * projects, or a filter by repository, language or directory), HNSW otherwise. Measured on 50k 384-d vectors: exact
 * scoring of a 15k-document filter took half the time of filtered HNSW and found every true neighbour, where HNSW
 * with 50 candidates found about 90%. Scores are Lucene's dot-product scores, (1 + cos) / 2, on both paths.
 */
final class LuceneVectorSearch {

    static final int EXACT_MAX_DOCS = 20_000;
    /** HNSW is asked for at least this many neighbours and k are kept: better recall for small k. */
    static final int MIN_KNN_CANDIDATES = 50;

    private LuceneVectorSearch() {
    }

    /**
     * @param filter       null for none
     * @param exactMaxDocs largest candidate set scored exactly ({@link #EXACT_MAX_DOCS} except in tests)
     */
    static ScoreDoc[] nearest(IndexSearcher s, float[] unitQuery, Query filter, int k, int exactMaxDocs) throws IOException {
        Query candidates = filter == null ? new FieldExistsQuery(LuceneSchema.VECTOR) : filter;
        long bound = filter == null ? storedVectors(s) : countUpTo(s, filter, exactMaxDocs + 1L);
        if (bound <= exactMaxDocs) {
            return exact(s, unitQuery, candidates, k);
        }
        Query knn = new KnnFloatVectorQuery(LuceneSchema.VECTOR, unitQuery, Math.max(k, MIN_KNN_CANDIDATES), filter);
        return s.search(knn, k).scoreDocs;
    }

    /** Vectors in all segments, deleted ones included: an upper bound, read from segment metadata. */
    private static long storedVectors(IndexSearcher s) throws IOException {
        long n = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(LuceneSchema.VECTOR);
            n += values == null ? 0 : values.size();
        }
        return n;
    }

    private static long countUpTo(IndexSearcher s, Query q, long limit) throws IOException {
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        long n = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live == null || live.get(doc)) && ++n >= limit) {
                    return n;
                }
            }
        }
        return n;
    }

    private static ScoreDoc[] exact(IndexSearcher s, float[] unitQuery, Query candidates, int k) throws IOException {
        // Min-heap of the best k so far; on equal scores the lower doc id wins, as in Lucene's collectors.
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1,
                (a, b) -> a.score != b.score ? Float.compare(a.score, b.score) : Integer.compare(b.doc, a.doc));
        Weight w = s.createWeight(s.rewrite(candidates), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null || leaf.reader().getFloatVectorValues(LuceneSchema.VECTOR) == null) {
                continue;
            }
            DoubleValues similarity = DoubleValuesSource.similarityToQueryVector(leaf, unitQuery, LuceneSchema.VECTOR);
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live == null || live.get(doc)) && similarity.advanceExact(doc)) {
                    float score = (float) similarity.doubleValue();
                    if (best.size() < k || score > best.peek().score) {
                        best.add(new ScoreDoc(leaf.docBase + doc, score));
                        if (best.size() > k) {
                            best.poll();
                        }
                    }
                }
            }
        }
        ScoreDoc[] out = new ScoreDoc[best.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = best.poll();
        }
        return out;
    }
}
