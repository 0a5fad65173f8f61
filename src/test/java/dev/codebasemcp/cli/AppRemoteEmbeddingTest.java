package dev.codebasemcp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.config.Settings;
import dev.codebasemcp.indexing.embed.DocumentEmbeddings;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.indexing.embed.EmbeddingServerException;
import dev.codebasemcp.indexing.embed.FakeEmbeddingServer;
import dev.codebasemcp.indexing.embed.RemoteEmbedder;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResponse;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.SearchFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EMBEDDING_PROVIDER=openai} end to end through the composition root: settings, the real {@code Indexer},
 * job workers, Lucene store and search, with vectors from a local HTTP embedding server.
 */
class AppRemoteEmbeddingTest {

    @TempDir
    Path tmp;

    private final FakeEmbeddingServer server = new FakeEmbeddingServer(64);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void openAiProvider_indexesARealDirectoryThroughTheServer_andSearchesWithItsVectors() throws Exception {
        Path repo = repo();
        Map<String, String> env = env("BAAI/bge-small-en-v1.5");

        try (App app = new App(Settings.from(env)).startWorkers()) {
            assertThat(app.embedder).isInstanceOf(RemoteEmbedder.class);
            assertThat(app.embedder.dimension()).isEqualTo(64);
            assertThat(app.embedder.modelId()).startsWith("openai:BAAI/bge-small-en-v1.5@127.0.0.1:" + server.port() + "+doc-");
            ProjectRef project = app.registry.getOrCreate(ProjectSpec.named("remote-e2e"));

            Job job = index(app, project, repo, false);

            assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.counters().filesIndexed()).isEqualTo(3);
            assertThat(job.counters().embeddingsComputed()).isPositive().isEqualTo(job.counters().chunksCreated());
            assertThat(job.embeddedAt()).isNotNull();

            SearchResponse semantic = app.search.search(project, new SearchRequest("open a network socket to a host and port",
                    SearchFilter.NONE, 3, SearchMode.SEMANTIC));
            assertThat(semantic.index().vectorsComplete()).isTrue();
            assertThat(semantic.results()).isNotEmpty();
            assertThat(semantic.results().get(0).filePath()).isEqualTo("src/Network.java");
        }
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/v1/embeddings");
            assertThat(r.authorization()).isEqualTo("Bearer sk-e2e");
            assertThat(r.model()).isEqualTo("BAAI/bge-small-en-v1.5");
        });
        assertThat(server.requests().stream().flatMap(r -> r.input().stream()))
                .anySatisfy(text -> assertThat(text).startsWith("passage: ").contains("Network.java").contains("openSocket"))
                .contains("query: open a network socket to a host and port");
    }

    @Test
    void serverDownAfterIndexing_hybridSearchGivesKeywordResultsWithAWarning_semanticSaysWhy() throws Exception {
        Path repo = repo();
        try (App app = new App(Settings.from(env("m"))).startWorkers()) {
            ProjectRef project = app.registry.getOrCreate(ProjectSpec.named("remote-down"));
            assertThat(index(app, project, repo, false).status()).isEqualTo(JobStatus.COMPLETED);
            server.close(); // the embedding server goes away mid-session

            SearchResponse hybrid = app.search.search(project, new SearchRequest("openSocket host port",
                    SearchFilter.NONE, 3, SearchMode.HYBRID));
            assertThat(hybrid.results()).isNotEmpty();
            assertThat(hybrid.results().get(0).filePath()).isEqualTo("src/Network.java");
            assertThat(hybrid.legs()).containsExactly("lexical");
            assertThat(hybrid.warning()).startsWith("The embedding server could not embed the query")
                    .contains("127.0.0.1:" + server.port());

            assertThatThrownBy(() -> app.search.search(project, new SearchRequest("openSocket host port",
                    SearchFilter.NONE, 3, SearchMode.SEMANTIC)))
                    .isInstanceOf(EmbeddingServerException.class).hasMessageContaining("127.0.0.1:" + server.port());
        }
    }

    @Test
    void serverDownAtStartup_serverStarts_keywordIndexAndSearchWork_vectorsFollowOnceItIsBack() throws Exception {
        Path repo = repo();
        Map<String, String> env = env("m");
        int port = server.port();
        server.close(); // down before codebase-mcp starts

        try (App app = new App(Settings.from(env)).startWorkers()) {
            assertThat(app.embedder.dimensionKnown()).isFalse();
            ProjectRef project = app.registry.getOrCreate(ProjectSpec.named("remote-late"));

            Job failed = index(app, project, repo, false);
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.errorMessage()).contains("127.0.0.1:" + port).contains("check that the server is running");
            assertThat(failed.searchableAt()).as("the keyword index was committed first").isNotNull();
            SearchResponse keyword = app.search.search(project, new SearchRequest("openSocket host port", SearchFilter.NONE, 3,
                    SearchMode.HYBRID));
            assertThat(keyword.results()).isNotEmpty();
            assertThat(keyword.results().get(0).filePath()).isEqualTo("src/Network.java");
            assertThat(keyword.warning()).isNotNull();

            try (FakeEmbeddingServer back = new FakeEmbeddingServer(64, port)) {
                Job done = index(app, project, repo, false);
                assertThat(done.status()).as(done.errorMessage()).isEqualTo(JobStatus.COMPLETED);
                assertThat(done.embeddedAt()).isNotNull();
                assertThat(done.counters().embeddingsComputed()).as("only the missing vectors").isPositive();
                SearchResponse semantic = app.search.search(project, new SearchRequest("open a network socket to a host and port",
                        SearchFilter.NONE, 3, SearchMode.SEMANTIC));
                assertThat(semantic.index().vectorsComplete()).isTrue();
                assertThat(semantic.results().get(0).filePath()).isEqualTo("src/Network.java");
                assertThat(app.embedder.dimension()).isEqualTo(64);
            }
        }
    }

    @Test
    void anotherRemoteModel_asksForAForcedRebuild_thenRebuilds() throws Exception {
        Path repo = repo();
        try (App app = new App(Settings.from(env("model-a"))).startWorkers()) {
            assertThat(index(app, app.registry.getOrCreate(ProjectSpec.named("p")), repo, false).status())
                    .isEqualTo(JobStatus.COMPLETED);
        }
        try (App app = new App(Settings.from(env("model-b"))).startWorkers()) {
            ProjectRef project = app.registry.getOrCreate(ProjectSpec.named("p"));

            Job refused = index(app, project, repo, false);
            assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
            assertThat(refused.errorMessage()).contains("openai:model-a@127.0.0.1:" + server.port())
                    .contains("openai:model-b@127.0.0.1:" + server.port()).contains("force_reindex");

            assertThat(index(app, project, repo, true).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void remoteProvider_embedsDocumentsInCallsOf128_sentAsRequestsOf32SideBySide() {
        Settings settings = Settings.from(env("m"));
        List<String> texts = IntStream.range(0, 140).mapToObj(i -> "method number " + i).toList();
        List<Integer> calls = new java.util.ArrayList<>();

        try (Embedder embedder = App.createEmbedder(settings)) {
            DocumentEmbeddings embeddings = App.createDocumentEmbeddings(settings, embedder, EmbeddingCache.none());
            server.delayEveryRequest(200);
            assertThat(embeddings.embed(texts, () -> calls.add(server.requests().size())).vectors()).hasSize(140);
        }

        assertThat(calls).as("requests sent before each call").containsExactly(1, 5); // the probe, then 4 per call
        assertThat(server.requests()).hasSize(1 + 4 + 1);
        assertThat(server.requests().stream().skip(1).mapToInt(r -> r.input().size()).sorted().boxed().toList())
                .containsExactly(12, 32, 32, 32, 32);
        assertThat(server.maxInFlight()).as("a call's requests go side by side").isGreaterThan(1);
    }

    @Test
    void serverRefusingTheKey_failsStartupWithWhatToCheck() {
        server.enqueue(FakeEmbeddingServer.Reply.of(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
        Settings settings = Settings.from(env("m"));

        assertThatThrownBy(() -> new App(settings)).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("Cannot use the embedding server").hasMessageContaining(server.url() + "/v1/embeddings")
                .hasMessageContaining("HTTP 401").hasMessageContaining("check OPENAI_API_KEY").hasMessageNotContaining("sk-e2e");
    }

    private Map<String, String> env(String model) {
        Map<String, String> env = new HashMap<>();
        env.put("CODEBASE_MCP_HOME", tmp.resolve("home").toString());
        env.put("LOG_FILE", tmp.resolve("test.log").toString());
        env.put("EMBEDDING_PROVIDER", "openai");
        env.put("EMBEDDING_MODEL", model);
        env.put("OPENAI_BASE_URL", server.url() + "/v1");
        env.put("OPENAI_API_KEY", "sk-e2e");
        env.put("EMBEDDING_QUERY_PREFIX", "query: ");
        env.put("EMBEDDING_DOCUMENT_PREFIX", "passage: ");
        return env;
    }

    private static Job index(App app, ProjectRef project, Path repo, boolean force) throws InterruptedException {
        String id = app.jobs.submit(project, repo.toString(), force).job().id();
        Job job = app.jobs.await(id, Duration.ofSeconds(120), j -> { });
        assertThat(job.status().isTerminal()).as("job finished within the wait").isTrue();
        return job;
    }

    private Path repo() throws Exception {
        Path repo = tmp.resolve("repo");
        write(repo.resolve("src/Network.java"), """
                package demo;

                /** Opens a network socket to a host and port. */
                class Network {
                    java.net.Socket openSocket(String host, int port) throws java.io.IOException {
                        return new java.net.Socket(host, port);
                    }
                }
                """);
        write(repo.resolve("src/Config.java"), """
                package demo;

                /** Reads the configuration file into properties. */
                class Config {
                    java.util.Properties readConfigFile(java.nio.file.Path file) throws java.io.IOException {
                        java.util.Properties p = new java.util.Properties();
                        try (var in = java.nio.file.Files.newInputStream(file)) {
                            p.load(in);
                        }
                        return p;
                    }
                }
                """);
        write(repo.resolve("src/Names.java"), """
                package demo;

                /** Sorts a list of names alphabetically. */
                class Names {
                    void sortNames(java.util.List<String> names) {
                        java.util.Collections.sort(names);
                    }
                }
                """);
        return repo;
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
