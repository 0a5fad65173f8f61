package dev.codebasemcp.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.DocumentEmbeddings;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.indexing.embed.UncachedDocumentEmbeddings;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import dev.codebasemcp.store.embedded.LuceneChunkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline against a real Lucene data plane and real files; the deterministic embedder counts calls. */
class IndexerTest {

    @TempDir
    Path tmp;
    Path repo;
    LuceneChunkStore store;
    ProjectIndex index;
    HashingEmbedder embedder;

    @BeforeEach
    void setUp() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo"));
        write("src/Greeter.java", """
                package demo;

                /** Greets people by name. */
                public class Greeter {
                    /** Builds the greeting for one person. */
                    public String greet(String name) {
                        return "Hello, " + name;
                    }
                }
                """);
        write("tools/calc.py", """
                def add_numbers(a, b):
                    \"\"\"Add two numbers.\"\"\"
                    return a + b
                """);
        write("docs/notes.md", "# Notes\n\nSome words about greeting people.\n");
        store = new LuceneChunkStore(tmp.resolve("projects"));
        index = store.open(ProjectRef.defaultProject());
        embedder = new HashingEmbedder(64);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void write(String rel, String content) throws Exception {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    private Indexer indexer(IndexerOptions options) {
        return indexer(options, new UncachedDocumentEmbeddings(embedder, options.embedCallChunks()));
    }

    private Indexer indexer(IndexerOptions options, DocumentEmbeddings embeddings) {
        return new Indexer(new RepositoryScanner(1 << 20), new Chunker(), embeddings, options, Clock.systemUTC());
    }

    /** Small pages and a checkpoint after every page, so a stop in the embedding phase finds commits behind it. */
    private static IndexerOptions smallPages() {
        return new IndexerOptions(1L << 30, 64, 1, 500, 10_000, 2, 2);
    }

    private void writeGenerated(int files) throws Exception {
        for (int i = 0; i < files; i++) {
            write("gen/File" + i + ".java", "class File" + i + " { void m" + i + "() { int x = " + i + "; } }\n");
        }
    }

    private IndexOutcome run(boolean force) {
        return indexer(IndexerOptions.defaults(1L << 30)).index(new IndexRequest(repo, force), index, p -> true);
    }

    @Test
    void firstRun_indexesEveryFileAndCommits() {
        IndexOutcome o = run(false);
        assertThat(o.counters().filesTotal()).isEqualTo(3);
        assertThat(o.counters().filesIndexed()).isEqualTo(3);
        assertThat(o.counters().chunksCreated()).isGreaterThanOrEqualTo(3);
        assertThat(o.counters().embeddingsComputed()).isEqualTo(o.counters().chunksCreated());
        assertThat(o.statusMessage()).startsWith("Full index");
        assertThat(index.stats().files()).isEqualTo(3);
        assertThat(index.stats().chunks()).isEqualTo(o.counters().chunksCreated());
        assertThat(index.metadata()).containsEntry(IndexMetadata.EMBEDDING_MODEL, EmbeddingText.vectorsId(embedder.modelId()));
        assertThat(index.lexical("greet", SearchFilter.NONE, 5)).extracting(h -> h.path()).contains("src/Greeter.java");
        assertThat(index.countChunksWithoutVectors()).isZero();
        assertThat(index.semantic(embedder.embedQuery("greet"), SearchFilter.NONE, 50)).hasSize((int) o.counters().chunksCreated());
        assertThat(o.counters().embeddingsPending()).isZero();
    }

    @Test
    void lexicalPhase_commitsEveryFileWithoutVectors_beforeAnythingIsEmbedded() {
        List<String> seenAtMilestone = new ArrayList<>();
        List<Progress> reports = new ArrayList<>();
        IndexOutcome o = indexer(IndexerOptions.defaults(1L << 30)).index(new IndexRequest(repo, false), index, p -> {
            if (p.searchableAt() != null && reports.stream().noneMatch(r -> r.searchableAt() != null)) {
                // The first report of the milestone: BM25 finds every file, the model has not run yet.
                seenAtMilestone.add("files=" + index.stats().files());
                seenAtMilestone.add("withoutVectors=" + index.countChunksWithoutVectors());
                seenAtMilestone.add("embedded=" + embedder.documentsEmbedded());
                seenAtMilestone.addAll(paths(index.lexical("greeting person name", SearchFilter.NONE, 10)));
                assertThat(p.embeddedAt()).isNull();
                assertThat(p.counters().embeddingsPending()).isEqualTo(index.stats().chunks());
            }
            reports.add(p);
            return true;
        });
        long chunks = o.counters().chunksCreated();
        assertThat(seenAtMilestone).startsWith("files=3", "withoutVectors=" + chunks, "embedded=0").contains("src/Greeter.java");
        Progress last = reports.getLast();
        assertThat(last.phase()).isEqualTo(dev.codebasemcp.JobPhase.DONE);
        assertThat(last.percentage()).isEqualTo(100.0);
        assertThat(last.searchableAt()).isNotNull();
        assertThat(last.embeddedAt()).isNotNull().isAfterOrEqualTo(last.searchableAt());
        assertThat(reports).extracting(Progress::percentage).isSorted();
        assertThat(reports.getFirst().percentage()).isZero();
        assertThat(reports).filteredOn(r -> r.phase() != dev.codebasemcp.JobPhase.DONE).extracting(Progress::percentage)
                .allMatch(pct -> pct < 100.0);
        assertThat(reports).anyMatch(r -> r.phase() == dev.codebasemcp.JobPhase.EMBEDDING
                && r.message().startsWith("lexical index ready; embedding"));
    }

    @Test
    void upToDateRepository_reportsBothMilestones_withoutEmbedding() {
        run(false);
        List<Progress> reports = new ArrayList<>();
        indexer(IndexerOptions.defaults(1L << 30)).index(new IndexRequest(repo, false), index, p -> reports.add(p));
        assertThat(reports.getLast().searchableAt()).isNotNull();
        assertThat(reports.getLast().embeddedAt()).isNotNull();
        assertThat(reports.getLast().counters().embeddingsComputed()).isZero();
    }

    @Test
    void cancelDuringEmbedding_keepsTheLexicalIndex_andARerunFinishesTheVectors() throws Exception {
        writeGenerated(20);
        long[] embeddedAtStop = {-1};
        assertThatThrownBy(() -> indexer(smallPages()).index(new IndexRequest(repo, false), index, p -> {
            boolean stop = p.phase() == dev.codebasemcp.JobPhase.EMBEDDING && embedder.documentsEmbedded() >= 6;
            if (stop && embeddedAtStop[0] < 0) {
                embeddedAtStop[0] = embedder.documentsEmbedded();
            }
            return !stop;
        })).isInstanceOf(IndexingCancelledException.class);
        long chunks = index.stats().chunks();
        long missing = index.countChunksWithoutVectors();
        assertThat(index.stats().files()).isEqualTo(23);
        assertThat(missing).isPositive().isLessThan(chunks);
        assertThat(index.lexical("m17", SearchFilter.NONE, 5)).extracting(h -> h.path()).contains("gen/File17.java");
        assertThat(index.semantic(embedder.embedQuery("class"), SearchFilter.NONE, 100)).hasSize((int) (chunks - missing));

        IndexOutcome resumed = run(false);
        assertThat(resumed.statusMessage()).startsWith("Up to date").contains(missing + " vectors added");
        assertThat(resumed.counters().filesUnchanged()).isEqualTo(23);
        assertThat(resumed.counters().embeddingsComputed()).isEqualTo(missing);
        assertThat(index.countChunksWithoutVectors()).isZero();
        assertThat(index.semantic(embedder.embedQuery("class"), SearchFilter.NONE, 100)).hasSize((int) chunks);
    }

    @Test
    void firstIndex_hasNoBacklogToJump_soNoSeparateFreshPass() throws Exception {
        writeGenerated(40);
        List<Object> fresh = new ArrayList<>();
        // Fewer remembered chunks than the run writes: a fresh pass would embed those without the usual checkpoints.
        indexer(smallPages().withFreshFirstChunks(5)).index(new IndexRequest(repo, false), index, p -> {
            if (p.freshEmbeddedAt() != null) {
                fresh.add(p.freshEmbeddedAt());
            }
            return true;
        });
        assertThat(fresh).isEmpty();
        assertThat(index.countChunksWithoutVectors()).isZero();
    }

    @Test
    void editWhileAnOldBacklogRemains_editedFileIsEmbeddedFirst() throws Exception {
        writeGenerated(40);
        // First run stopped as soon as the tree is searchable: every chunk still lacks a vector.
        assertThatThrownBy(() -> indexer(smallPages()).index(new IndexRequest(repo, false), index, p -> p.searchableAt() == null))
                .isInstanceOf(IndexingCancelledException.class);
        long backlog = index.countChunksWithoutVectors();
        assertThat(backlog).isEqualTo(index.stats().chunks());
        write("gen/File39.java", "class File39 { void edited() { int y = 1; } }\n");

        List<String> pendingPathsWhenFresh = new ArrayList<>();
        assertThatThrownBy(() -> indexer(smallPages()).index(new IndexRequest(repo, false), index, p -> {
            if (p.freshEmbeddedAt() == null) {
                return true;
            }
            index.chunksWithoutVectors(10_000).forEach(v -> pendingPathsWhenFresh.add(v.path()));
            return false;
        })).isInstanceOf(IndexingCancelledException.class);
        // The edited file's chunks were committed with vectors while the older backlog still waited.
        assertThat(pendingPathsWhenFresh).isNotEmpty().doesNotContain("gen/File39.java");
        assertThat(index.semantic(embedder.embedQuery("class File39 { void edited() { int y = 1; } }"), SearchFilter.NONE, 100))
                .extracting(h -> h.path()).containsExactly("gen/File39.java");

        // A run whose own chunks are the whole backlog reports no separate moment and embeds everything.
        IndexOutcome rest = run(false);
        assertThat(rest.counters().embeddingsComputed()).isEqualTo(backlog - 1);
        assertThat(index.countChunksWithoutVectors()).isZero();
    }

    @Test
    void preparingFilesOnSeveralThreads_writesTheSameIndexInListingOrder() throws Exception {
        writeGenerated(30);
        IndexerOptions oneThread = IndexerOptions.defaults(1L << 30).withPrepareThreads(1);
        IndexOutcome one = indexer(oneThread).index(new IndexRequest(repo, false), index, p -> true);
        Map<String, FileRecord> expected = index.manifest(one.repositoryId());
        try (LuceneChunkStore other = new LuceneChunkStore(tmp.resolve("other"))) {
            ProjectIndex otherIndex = other.open(ProjectRef.defaultProject());
            IndexerOptions threeThreads = new IndexerOptions(1L << 30, 64, 8, 1, 10_000, 128, 1024, 3);
            IndexOutcome three = indexer(threeThreads).index(new IndexRequest(repo, false), otherIndex, p -> true);
            assertThat(three.counters()).usingRecursiveComparison().ignoringFields("embeddingsComputed")
                    .isEqualTo(one.counters());
            Map<String, FileRecord> actual = otherIndex.manifest(three.repositoryId());
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            actual.forEach((path, rec) -> assertThat(rec.contentHash()).isEqualTo(expected.get(path).contentHash()));
            assertThat(otherIndex.stats().chunks()).isEqualTo(index.stats().chunks());
        }
    }

    /** Stands for the process dying: nothing after it runs, nothing is rolled back or committed. */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    @Test
    void crashDuringEmbedding_uncommittedVectorsAreLost_andARerunFinishesThem() throws Exception {
        writeGenerated(20);
        Path dir = tmp.resolve("projects");
        assertThatThrownBy(() -> indexer(smallPages()).index(new IndexRequest(repo, false), index, p -> {
            if (p.phase() == dev.codebasemcp.JobPhase.EMBEDDING && embedder.documentsEmbedded() >= 7) {
                throw new Crash();
            }
            return true;
        })).isInstanceOf(Crash.class);
        store.close();
        store = new LuceneChunkStore(dir);
        index = store.open(ProjectRef.defaultProject());
        long chunks = index.stats().chunks();
        long missing = index.countChunksWithoutVectors();
        assertThat(index.stats().files()).isEqualTo(23);
        assertThat(missing).isPositive().isLessThan(chunks);

        long before = embedder.documentsEmbedded();
        IndexOutcome resumed = run(false);
        assertThat(resumed.counters().embeddingsComputed()).isEqualTo(missing).isEqualTo(embedder.documentsEmbedded() - before);
        assertThat(index.countChunksWithoutVectors()).isZero();
        assertThat(index.semantic(embedder.embedQuery("class"), SearchFilter.NONE, 100)).hasSize((int) chunks);
    }

    @Test
    void cachedVectorsGoInWithTheLexicalPhase_changedFileIsEmbeddedAfterIt() throws Exception {
        RememberingEmbeddings remembering = new RememberingEmbeddings(embedder);
        Indexer cachedIndexer = indexer(IndexerOptions.defaults(1L << 30), remembering);
        IndexOutcome first = cachedIndexer.index(new IndexRequest(repo, false), index, p -> true);
        assertThat(first.counters().embeddingsCached()).isZero();
        // A forced rebuild writes every chunk again: the cache knows every vector, so they go in with the lexical phase.
        List<Long> withoutVectorsAtMilestone = new ArrayList<>();
        IndexOutcome forced = cachedIndexer.index(new IndexRequest(repo, true), index, p -> {
            if (p.searchableAt() != null && withoutVectorsAtMilestone.isEmpty()) {
                withoutVectorsAtMilestone.add(index.countChunksWithoutVectors());
            }
            return true;
        });
        assertThat(withoutVectorsAtMilestone).containsExactly(0L);
        assertThat(forced.counters().embeddingsCached()).isEqualTo(forced.counters().chunksCreated());
        assertThat(forced.counters().embeddingsComputed()).isZero();
        // A changed file: written without vectors first, embedded in the second phase.
        write("tools/calc.py", "def add_numbers(a, b):\n    return a + b + 0\n");
        withoutVectorsAtMilestone.clear();
        IndexOutcome o = cachedIndexer.index(new IndexRequest(repo, false), index, p -> {
            if (p.searchableAt() != null && withoutVectorsAtMilestone.isEmpty()) {
                withoutVectorsAtMilestone.add(index.countChunksWithoutVectors());
            }
            return true;
        });
        assertThat(o.counters().filesIndexed()).isEqualTo(1);
        assertThat(o.counters().embeddingsComputed()).isEqualTo(o.counters().chunksCreated()).isPositive();
        assertThat(withoutVectorsAtMilestone).containsExactly(o.counters().chunksCreated());
        assertThat(index.countChunksWithoutVectors()).isZero();
    }

    /** A real (in-memory) cache in front of the model, to check that the indexer uses what it already knows. */
    private static final class RememberingEmbeddings implements DocumentEmbeddings {
        private final UncachedDocumentEmbeddings model;
        private final Map<String, float[]> known = new java.util.HashMap<>();

        RememberingEmbeddings(HashingEmbedder embedder) {
            this.model = new UncachedDocumentEmbeddings(embedder, 4);
        }

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public List<float[]> cached(List<String> texts) {
            return texts.stream().map(known::get).collect(java.util.stream.Collectors.toList());
        }

        @Override
        public Batch embed(List<String> texts, Runnable beforeEachModelCall) {
            Batch b = model.embed(texts, beforeEachModelCall);
            for (int i = 0; i < texts.size(); i++) {
                known.put(texts.get(i), b.vectors().get(i));
            }
            return b;
        }
    }

    private static List<String> paths(List<dev.codebasemcp.store.ChunkHit> hits) {
        return hits.stream().map(dev.codebasemcp.store.ChunkHit::path).toList();
    }

    @Test
    void unchangedRepository_reembedsNothing() {
        run(false);
        long embedded = embedder.documentsEmbedded();
        IndexOutcome again = run(false);
        assertThat(embedder.documentsEmbedded()).isEqualTo(embedded);
        assertThat(again.counters().filesUnchanged()).isEqualTo(3);
        assertThat(again.counters().filesIndexed()).isZero();
        assertThat(again.counters().embeddingsComputed()).isZero();
        assertThat(again.statusMessage()).startsWith("Up to date");
    }

    @Test
    void changedAndDeletedFiles_onlyTheyAreProcessed() throws Exception {
        run(false);
        long embedded = embedder.documentsEmbedded();
        write("tools/calc.py", "def add_numbers(a, b):\n    return a + b + 0\n");
        Files.delete(repo.resolve("docs/notes.md"));
        IndexOutcome o = run(false);
        assertThat(o.counters().filesIndexed()).isEqualTo(1);
        assertThat(o.counters().filesDeleted()).isEqualTo(1);
        assertThat(o.counters().filesUnchanged()).isEqualTo(1);
        assertThat(embedder.documentsEmbedded() - embedded).isEqualTo(o.counters().embeddingsComputed()).isPositive();
        assertThat(o.statusMessage()).startsWith("Incremental update");
        Map<String, FileRecord> manifest = index.manifest(o.repositoryId());
        assertThat(manifest).containsOnlyKeys("src/Greeter.java", "tools/calc.py");
        assertThat(index.lexical("notes greeting", SearchFilter.NONE, 10)).extracting(h -> h.path()).doesNotContain("docs/notes.md");
    }

    @Test
    void forceReindex_rebuildsEverything() {
        IndexOutcome first = run(false);
        IndexOutcome forced = run(true);
        assertThat(forced.counters().filesIndexed()).isEqualTo(3);
        assertThat(forced.statusMessage()).startsWith("Force reindex");
        assertThat(index.stats().chunks()).isEqualTo(first.counters().chunksCreated());
    }

    @Test
    void differentEmbeddingModel_failsAndSuggestsForceReindex() {
        run(false);
        embedder = new HashingEmbedder(32);
        assertThatThrownBy(() -> run(false)).isInstanceOf(IndexingException.class)
                .hasMessageContaining("force_reindex").extracting(e -> ((IndexingException) e).type()).isEqualTo("EmbeddingModelMismatch");
    }

    @Test
    void indexFromAnOlderEmbeddingTextFormat_failsAndSuggestsForceReindex() {
        run(false);
        // What an index built before the text format was versioned records: the bare model id.
        index.commit(Map.of(IndexMetadata.EMBEDDING_MODEL, embedder.modelId()));
        assertThatThrownBy(() -> run(false)).isInstanceOf(IndexingException.class)
                .hasMessageContaining(EmbeddingText.vectorsId(embedder.modelId()))
                .extracting(e -> ((IndexingException) e).type()).isEqualTo("EmbeddingModelMismatch");
        assertThat(run(true).counters().filesIndexed()).isEqualTo(3);
    }

    @Test
    void repositoryOverTheSizeLimit_fails() {
        Indexer small = indexer(new IndexerOptions(10, 64, 8, 500, 10_000));
        assertThatThrownBy(() -> small.index(new IndexRequest(repo, false), index, p -> true))
                .isInstanceOf(IndexingException.class).hasMessageContaining("MAX_REPO_SIZE_GB");
    }

    @Test
    void cancel_stopsAndKeepsOnlyCommittedCheckpoints() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("gen/File" + i + ".java", "class File" + i + " { void m" + i + "() { int x = " + i + "; } }\n");
        }
        // Checkpoint after every file; stop once a few files were committed.
        Indexer perFile = indexer(new IndexerOptions(1L << 30, 1, 1, 1, 10_000));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> perFile.index(new IndexRequest(repo, false), index, p -> calls.incrementAndGet() < 12))
                .isInstanceOf(IndexingCancelledException.class);
        long committed = index.stats().files();
        assertThat(committed).isBetween(1L, 22L);
        // A rerun resumes: committed files are unchanged, the rest are indexed.
        IndexOutcome resumed = run(false);
        assertThat(resumed.counters().filesUnchanged()).isEqualTo(committed);
        assertThat(resumed.counters().filesIndexed()).isEqualTo(23 - committed);
        assertThat(index.stats().files()).isEqualTo(23);
    }
}
