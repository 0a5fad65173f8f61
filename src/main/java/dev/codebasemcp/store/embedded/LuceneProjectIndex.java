package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.CodeTokens;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.PendingVector;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;

/**
 * One project's data plane in a Lucene index directory (layout: {@link LuceneSchema}).
 *
 * <p>Writes go through {@link LuceneIndexWriterSession}, which opens the {@code IndexWriter} (and takes the
 * directory's write lock) on the first staged write and gives it back at {@link #releaseWriter}, {@link #rollback}
 * and {@link #close}. Reads go through {@link LuceneCommitReader} and only ever see committed data.
 *
 * <p>{@link #stats(String)} takes a repository's {@code lastIndexedAt} from commit metadata
 * {@code "last_indexed_at." + repositoryId} when present, otherwise from the newest indexed-at of its files.
 */
final class LuceneProjectIndex implements ProjectIndex, Closeable {

    static final String LAST_INDEXED_AT = "last_indexed_at";
    /** Largest result count of one search leg (Lucene allocates queues of size k). */
    static final int MAX_K = 10_000;

    private static final Query FILES = new TermQuery(new Term(LuceneSchema.TYPE, LuceneSchema.TYPE_FILE));
    private static final Query CHUNKS = new TermQuery(new Term(LuceneSchema.TYPE, LuceneSchema.TYPE_CHUNK));
    private static final Query REPOS = new TermQuery(new Term(LuceneSchema.TYPE, LuceneSchema.TYPE_REPO));

    private final Path path;
    private final int exactMaxDocs;
    private final Directory directory;
    private final LuceneCommitReader reader;
    private final LuceneIndexWriterSession writer;
    /** Repositories known to be committed (never removed: repositories are not deleted, only emptied). */
    private final Map<String, RepositoryInfo> committedRepos = new ConcurrentHashMap<>();
    private volatile StatsAt statsCache;
    private final LuceneVectorBackfill backfill = new LuceneVectorBackfill();

    LuceneProjectIndex(String projectName, Path path, Directory directory) {
        this(projectName, path, directory, LuceneVectorSearch.EXACT_MAX_DOCS, LuceneWriteTuning.DEFAULT);
    }

    /**
     * @param exactMaxDocs largest candidate set the semantic leg scores exactly instead of with HNSW
     * @param tuning       how new segments are written
     */
    LuceneProjectIndex(String projectName, Path path, Directory directory, int exactMaxDocs, LuceneWriteTuning tuning) {
        this.exactMaxDocs = exactMaxDocs;
        this.path = path;
        this.directory = directory;
        this.reader = new LuceneCommitReader(directory, path);
        this.writer = new LuceneIndexWriterSession(projectName, path, directory, new LuceneIndexWriterSession.Committed() {
            @Override
            public List<RepositoryInfo> repositories() {
                return committedRepositories();
            }

            @Override
            public long contentOutside(Set<String> repositoryIds) {
                return committedContentOutside(repositoryIds);
            }

            @Override
            public int vectorDimension() {
                reader.refreshNow();
                return reader.read((s, data) -> LuceneProjectIndex.vectorDimension(s), 0);
            }
        }, tuning);
    }

    @Override
    public RepositoryInfo upsertRepository(String absolutePath) {
        if (absolutePath == null || absolutePath.isBlank() || !Path.of(absolutePath).isAbsolute()) {
            throw new IllegalArgumentException("repository path must be absolute: " + absolutePath);
        }
        RepositoryInfo repo = new RepositoryInfo(RepositoryInfo.idFor(absolutePath), absolutePath);
        if (isCommitted(repo.id())) {
            return repo;
        }
        writer.stageRepository(repo);
        return repo;
    }

    @Override
    public List<RepositoryInfo> repositories() {
        Map<String, RepositoryInfo> all = new LinkedHashMap<>();
        for (RepositoryInfo r : committedRepositories()) {
            all.put(r.id(), r);
        }
        for (RepositoryInfo r : writer.stagedRepositories()) {
            all.putIfAbsent(r.id(), r);
        }
        return all.values().stream().sorted(Comparator.comparing(RepositoryInfo::path)).toList();
    }

    private List<RepositoryInfo> committedRepositories() {
        List<RepositoryInfo> repos = reader.read((s, data) -> {
            List<RepositoryInfo> out = new ArrayList<>();
            forEachDoc(s, REPOS, leaf -> {
                StoredFields fields = leaf.storedFields();
                return doc -> out.add(LuceneSchema.readRepo(fields.document(doc)));
            });
            return out;
        }, List.of());
        repos.forEach(r -> committedRepos.put(r.id(), r));
        return repos;
    }

    private boolean isCommitted(String repositoryId) {
        if (committedRepos.containsKey(repositoryId)) {
            return true;
        }
        return committedRepositories().stream().anyMatch(r -> r.id().equals(repositoryId));
    }

    private boolean isRegistered(String repositoryId) {
        return isCommitted(repositoryId) || writer.stagedRepositories().stream().anyMatch(r -> r.id().equals(repositoryId));
    }

    @Override
    public Map<String, FileRecord> manifest(String repositoryId) {
        Query q = new BooleanQuery.Builder()
                .add(FILES, Occur.FILTER)
                .add(new TermQuery(new Term(LuceneSchema.REPO_ID, repositoryId)), Occur.FILTER)
                .build();
        return reader.read((s, data) -> {
            Map<String, FileRecord> out = new HashMap<>();
            forEachDoc(s, q, leaf -> {
                BinaryDocValues values = leaf.getBinaryDocValues(LuceneSchema.MANIFEST);
                return doc -> {
                    if (values == null || !values.advanceExact(doc)) {
                        throw new IllegalStateException("manifest entry without data in the index at " + path);
                    }
                    FileRecord f = LuceneSchema.decodeFile(values.binaryValue());
                    out.put(f.path(), f);
                };
            });
            return Map.copyOf(out);
        }, Map.of());
    }

    @Override
    public void replaceFile(String repositoryId, FileRecord file, List<IndexedChunk> chunks) {
        if (!isRegistered(repositoryId)) {
            throw new IllegalArgumentException("unknown repository id " + repositoryId + "; register it with upsertRepository first");
        }
        if (file.chunkCount() != chunks.size()) {
            throw new IllegalArgumentException("manifest entry of " + file.path() + " claims " + file.chunkCount()
                    + " chunks but " + chunks.size() + " were given");
        }
        for (IndexedChunk c : chunks) {
            if (!c.path().equals(file.path())) {
                throw new IllegalArgumentException("chunk " + c.id() + " has path " + c.path() + ", not " + file.path());
            }
        }
        writer.stageFile(repositoryId, file, chunks);
    }

    @Override
    public void deleteFile(String repositoryId, String filePath) {
        writer.stageFileDelete(repositoryId, filePath);
    }

    @Override
    public void deleteRepository(String repositoryId) {
        writer.stageRepositoryDelete(repositoryId);
    }

    /** How many committed files and chunks belong to repositories other than these. */
    private long committedContentOutside(Set<String> repositoryIds) {
        return reader.read((s, data) -> {
            BooleanQuery.Builder others = new BooleanQuery.Builder()
                    .add(new BooleanQuery.Builder().add(FILES, Occur.SHOULD).add(CHUNKS, Occur.SHOULD).build(), Occur.FILTER);
            for (String id : repositoryIds) {
                others.add(new TermQuery(new Term(LuceneSchema.REPO_ID, id)), Occur.MUST_NOT);
            }
            return (long) s.count(others.build());
        }, 0L);
    }

    @Override
    public void commit(Map<String, String> metadata) {
        writer.commit(metadata);
        reader.refreshNow();
    }

    @Override
    public void rollback() {
        writer.rollback();
    }

    @Override
    public List<PendingVector> chunksWithoutVectors(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Set<String> staged = writer.stagedVectorIds();
        return reader.read((s, data) -> LuceneVectorBackfill.withoutVectors(s, staged, limit), List.of());
    }

    @Override
    public void setVectors(Map<String, float[]> vectorsByChunkId) {
        if (vectorsByChunkId.isEmpty()) {
            return;
        }
        Map<String, LuceneVectorBackfill.Stored> committed = reader.read(
                (s, data) -> LuceneVectorBackfill.byId(s, vectorsByChunkId.keySet()), Map.of());
        writer.stageVectors(committed, vectorsByChunkId);
    }

    @Override
    public Set<String> withoutVectors(Collection<String> chunkIds) {
        return reader.read((s, data) -> LuceneVectorBackfill.withoutVectors(s, chunkIds), Set.of());
    }

    @Override
    public long countChunksWithoutVectors() {
        return reader.read((s, data) -> backfill.countWithoutVectors(s), 0L);
    }

    @Override
    public Map<String, String> metadata() {
        return reader.read((s, data) -> Map.copyOf(data), Map.of());
    }

    @Override
    public void releaseWriter() {
        writer.release();
    }

    @Override
    public List<ChunkHit> lexical(String query, SearchFilter filter, int k) {
        requirePositive(k);
        Query q = LuceneQueries.lexical(CodeTokens.queryTerms(query == null ? "" : query), filter);
        if (q == null) {
            return List.of();
        }
        return reader.read((s, data) -> hits(s, s.search(q, k).scoreDocs, k, false), List.of());
    }

    @Override
    public List<ChunkHit> semantic(float[] queryVector, SearchFilter filter, int k) {
        requirePositive(k);
        float[] unit = LuceneSchema.unitVector(queryVector, "query vector");
        Query filterQuery = LuceneQueries.filter(filter);
        return reader.read((s, data) -> {
            int dimension = vectorDimension(s);
            if (dimension <= 0) {
                return List.of();
            }
            if (dimension != unit.length) {
                throw new IllegalArgumentException("query vector has " + unit.length + " dimensions but this project's "
                        + "chunks were embedded with " + dimension + "; use the embedding model the project was indexed with");
            }
            return hits(s, LuceneVectorSearch.nearest(s, unit, filterQuery, k, exactMaxDocs), k, true);
        }, List.of());
    }

    /** The dimension of the committed vectors, or 0 when none were ever committed. */
    static int vectorDimension(IndexSearcher s) {
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FieldInfo fi = leaf.reader().getFieldInfos().fieldInfo(LuceneSchema.VECTOR);
            if (fi != null && fi.getVectorDimension() > 0) {
                return fi.getVectorDimension();
            }
        }
        return 0;
    }

    private static List<ChunkHit> hits(IndexSearcher s, ScoreDoc[] docs, int k, boolean cosine) throws IOException {
        StoredFields fields = s.storedFields();
        List<ChunkHit> out = new ArrayList<>(Math.min(k, docs.length));
        for (int i = 0; i < docs.length && i < k; i++) {
            float score = cosine ? LuceneSchema.cosine(docs[i].score) : docs[i].score;
            out.add(LuceneSchema.readHit(fields.document(docs[i].doc), score));
        }
        return out;
    }

    @Override
    public IndexStats stats() {
        return reader.read((s, data) -> {
            // Every search asks for the stats; counting is only needed once per commit seen.
            long version = ((DirectoryReader) s.getIndexReader()).getVersion();
            StatsAt cached = statsCache;
            if (cached != null && cached.readerVersion() == version) {
                return cached.stats();
            }
            IndexStats stats = new IndexStats(s.count(FILES), s.count(CHUNKS), instant(data.get(LAST_INDEXED_AT)));
            statsCache = new StatsAt(version, stats);
            return stats;
        }, IndexStats.EMPTY);
    }

    private record StatsAt(long readerVersion, IndexStats stats) {}

    @Override
    public Optional<IndexStats> stats(String repositoryId) {
        if (!isRegistered(repositoryId)) {
            return Optional.empty();
        }
        Query repo = new TermQuery(new Term(LuceneSchema.REPO_ID, repositoryId));
        Query files = new BooleanQuery.Builder().add(FILES, Occur.FILTER).add(repo, Occur.FILTER).build();
        Query chunks = new BooleanQuery.Builder().add(CHUNKS, Occur.FILTER).add(repo, Occur.FILTER).build();
        return Optional.of(reader.read((s, data) -> {
            Instant last = instant(data.get(LAST_INDEXED_AT + "." + repositoryId));
            if (last == null) {
                last = newestIndexedAt(s, files);
            }
            return new IndexStats(s.count(files), s.count(chunks), last);
        }, IndexStats.EMPTY));
    }

    private static Instant newestIndexedAt(IndexSearcher s, Query files) throws IOException {
        long[] max = {Long.MIN_VALUE};
        forEachDoc(s, files, leaf -> {
            NumericDocValues values = leaf.getNumericDocValues(LuceneSchema.INDEXED_AT_MILLIS);
            return doc -> {
                if (values != null && values.advanceExact(doc)) {
                    max[0] = Math.max(max[0], values.longValue());
                }
            };
        });
        return max[0] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(max[0]);
    }

    private Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("commit metadata of the index at " + path + " holds a bad timestamp '" + iso
                    + "' (expected ISO-8601, e.g. 2025-01-31T12:00:00Z)", e);
        }
    }

    private static void requirePositive(int k) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", was " + k);
        }
    }

    /** Prepares per-segment state (doc values, stored fields) and returns the visitor of that segment's docs. */
    interface LeafVisitor {
        DocVisitor start(LeafReader leaf) throws IOException;
    }

    interface DocVisitor {
        void visit(int doc) throws IOException;
    }

    /** Visits every live document matching {@code q}, segment by segment in doc id order. */
    static void forEachDoc(IndexSearcher s, Query q, LeafVisitor visitor) throws IOException {
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocVisitor docs = visitor.start(leaf.reader());
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live == null || live.get(doc)) {
                    docs.visit(doc);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Closeable c : List.<Closeable>of(writer, reader, directory)) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

}
