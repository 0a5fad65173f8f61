package dev.codebasemcp.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import dev.codebasemcp.store.embedded.LuceneChunkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        return new Indexer(new RepositoryScanner(1 << 20), new Chunker(), embedder, options, Clock.systemUTC());
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
