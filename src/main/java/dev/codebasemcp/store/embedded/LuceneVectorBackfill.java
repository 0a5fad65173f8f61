package dev.codebasemcp.store.embedded;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.PendingVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Reads for filling in vectors behind the lexical index: committed chunk documents without a {@link LuceneSchema#VECTOR}
 * field, and committed chunks by id (rebuilt from their stored fields, so they can be re-added with a vector).
 */
final class LuceneVectorBackfill {

    static final Query WITHOUT_VECTORS = new BooleanQuery.Builder()
            .add(new TermQuery(new Term(LuceneSchema.TYPE, LuceneSchema.TYPE_CHUNK)), Occur.FILTER)
            .add(new FieldExistsQuery(LuceneSchema.VECTOR), Occur.MUST_NOT)
            .build();

    /** A committed chunk and its repository. */
    record Stored(String repositoryId, IndexedChunk chunk) {}

    /** The count of the last searcher asked, keyed by its reader: searches ask every time, commits are rarer. */
    private record CachedCount(Object readerKey, long count) {}

    private volatile CachedCount cachedCount;

    long countWithoutVectors(IndexSearcher s) throws IOException {
        IndexReader.CacheHelper helper = s.getIndexReader().getReaderCacheHelper();
        Object key = helper == null ? null : helper.getKey();
        CachedCount cached = cachedCount;
        if (key != null && cached != null && cached.readerKey() == key) {
            return cached.count();
        }
        long count = s.count(WITHOUT_VECTORS);
        if (key != null) {
            cachedCount = new CachedCount(key, count);
        }
        return count;
    }

    /** Up to {@code limit} chunks without a vector whose ids are not in {@code exclude}, in doc id order. */
    static List<PendingVector> withoutVectors(IndexSearcher s, Set<String> exclude, int limit) throws IOException {
        List<PendingVector> out = new ArrayList<>(Math.min(limit, 1024));
        Weight w = s.createWeight(s.rewrite(WITHOUT_VECTORS), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            StoredFields fields = leaf.reader().storedFields();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                Stored c = read(fields.document(doc));
                if (!exclude.contains(c.chunk().id())) {
                    out.add(new PendingVector(c.chunk().id(), c.chunk().path(), c.chunk().chunk()));
                    if (out.size() >= limit) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /** The committed chunks with these ids (ids not found are left out), without vectors. */
    /** The ids among {@code ids} of chunk documents without a vector. */
    static Set<String> withoutVectors(IndexSearcher s, Collection<String> ids) throws IOException {
        Set<String> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        Query q = new BooleanQuery.Builder()
                .add(WITHOUT_VECTORS, Occur.FILTER)
                .add(new TermInSetQuery(LuceneSchema.ID, ids.stream().map(BytesRef::new).toList()), Occur.FILTER)
                .build();
        LuceneProjectIndex.forEachDoc(s, q, leaf -> {
            StoredFields fields = leaf.storedFields();
            return doc -> out.add(fields.document(doc, Set.of(LuceneSchema.ID)).get(LuceneSchema.ID));
        });
        return out;
    }

    static Map<String, Stored> byId(IndexSearcher s, Collection<String> ids) throws IOException {
        Map<String, Stored> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<BytesRef> terms = ids.stream().map(BytesRef::new).toList();
        Query q = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(LuceneSchema.TYPE, LuceneSchema.TYPE_CHUNK)), Occur.FILTER)
                .add(new TermInSetQuery(LuceneSchema.ID, terms), Occur.FILTER)
                .build();
        LuceneProjectIndex.forEachDoc(s, q, leaf -> {
            StoredFields fields = leaf.storedFields();
            return doc -> {
                Stored c = read(fields.document(doc));
                out.put(c.chunk().id(), c);
            };
        });
        return out;
    }

    private static Stored read(Document d) {
        ChunkHit h = LuceneSchema.readHit(d, 0);
        Chunk chunk = new Chunk(h.language(), h.kind(), h.symbol(), h.startLine(), h.endLine(), h.content());
        return new Stored(h.repositoryId(), new IndexedChunk(h.chunkId(), h.path(), chunk, h.contextBefore(), h.contextAfter(), null));
    }
}
