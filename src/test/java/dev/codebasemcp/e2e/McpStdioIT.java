package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vertical slice end to end with the real embedding model: a real server process over stdio, a real git
 * repository, indexing in the background, search, incremental re-index, failures and bad input. Runs on the embedded
 * store; {@link McpStdioPostgresIT} runs the same on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpStdioIT {

    @TempDir
    static Path tmp;
    Path repo;
    McpServerProcess server;
    ServerStore store;

    /** The store the server runs on. */
    ServerStore createStore() {
        return ServerStore.embedded();
    }

    @BeforeAll
    void start() throws Exception {
        store = createStore();
        repo = Fixtures.writeRepo(tmp.resolve("acme"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>(store.env(home));
        env.put("EMBEDDING_PROVIDER", "onnx");
        server = new McpServerProcess(home, env);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    @Test
    @Order(1)
    void listTools_declaresEveryToolWithAnnotations() {
        var tools = server.client.listTools().tools();
        assertThat(tools).extracting(t -> t.name()).containsExactlyInAnyOrder("set_working_directory",
                "start_indexing_background", "index_repository", "get_indexing_status", "cancel_indexing_background",
                "list_background_jobs", "search_code", "list_projects");
        assertThat(tools).allSatisfy(t -> assertThat(t.annotations()).isNotNull());
        assertThat(tools.stream().filter(t -> t.name().equals("search_code")).findFirst().orElseThrow().annotations().readOnlyHint())
                .isTrue();
    }

    @Test
    @Order(2)
    void searchBeforeIndexing_saysTheIndexIsEmpty() {
        var r = server.call("search_code", Map.of("query", "retry backoff"));
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.json().get("results")).isEmpty();
        assertThat(r.json().at("/index/state").asText()).isEqualTo("empty");
        assertThat(r.json().get("message").asText()).contains("start_indexing_background");
    }

    @Test
    @Order(3)
    void startIndexing_runsInBackgroundToCompletedWithTrueCounters() throws Exception {
        long t0 = System.nanoTime();
        var start = server.call("start_indexing_background", Map.of("repo_path", repo.toString()));
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(start.isError()).as(start.text()).isFalse();
        assertThat(start.json().get("status").asText()).isEqualTo("pending");
        assertThat(start.json().get("deduplicated").asBoolean()).isFalse();
        assertThat(start.json().get("database_name").asText()).isEqualTo(store.defaultDatabase(server.home));
        System.out.println("start_indexing_background returned in " + startMs + " ms");

        List<JsonNode> snapshots = server.awaitJob(start.json().get("job_id").asText(), Duration.ofMinutes(3));
        JsonNode done = snapshots.getLast();
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertStatusesMoveForward(snapshots);
        int files = Fixtures.FILES.size();
        assertThat(done.get("files_total").asInt()).isEqualTo(files);
        assertThat(done.get("files_scanned").asInt()).isEqualTo(files);
        assertThat(done.get("files_indexed").asInt()).isEqualTo(files);
        assertThat(done.get("files_unchanged").asInt()).isZero();
        assertThat(done.get("chunks_created").asInt()).isGreaterThanOrEqualTo(files);
        assertThat(done.get("embeddings_computed").asInt()).isEqualTo(done.get("chunks_created").asInt());
        assertThat(done.get("progress_percentage").asDouble()).isEqualTo(100.0);
        assertThat(done.get("status_message").asText()).startsWith("Full index");
        assertThat(done.get("error_message").isNull()).isTrue();
        assertThat(done.get("started_at").asText()).isNotBlank();
        assertThat(done.get("completed_at").asText()).isNotBlank();
        assertThat(done.get("searchable_at").asText()).isNotBlank();
        assertThat(done.get("embedded_at").asText()).isNotBlank();
        assertThat(Instant.parse(done.get("embedded_at").asText())).isAfterOrEqualTo(Instant.parse(done.get("searchable_at").asText()));
        assertThat(done.get("embeddings_pending").asInt()).isZero();
    }

    @Test
    @Order(4)
    void searchCode_findsTheDescribedFunctionWithExactLines() {
        var r = server.call("search_code", Map.of("query", "how long to wait before trying a failed request again", "limit", 5));
        assertThat(r.isError()).as(r.text()).isFalse();
        JsonNode results = r.json().get("results");
        assertThat(results).isNotEmpty();
        JsonNode top = results.get(0);
        assertThat(top.get("file_path").asText()).isEqualTo("src/main/java/com/acme/net/RetryPolicy.java");
        int start = top.get("start_line").asInt();
        int end = top.get("end_line").asInt();
        int methodLine = Fixtures.lineOf(Fixtures.RETRY_JAVA, "public Duration computeBackoffDelay");
        assertThat(start).isLessThanOrEqualTo(methodLine);
        assertThat(end).isGreaterThanOrEqualTo(methodLine + 3);
        String[] lines = Fixtures.RETRY_JAVA.split("\n", -1);
        assertThat(top.get("content").asText()).isEqualTo(String.join("\n", List.of(lines).subList(start - 1, end)));
        assertThat(top.get("language").asText()).isEqualTo("java");
        assertThat(r.json().at("/index/state").asText()).isEqualTo("ready");
        assertThat(r.json().at("/index/files").asInt()).isEqualTo(Fixtures.FILES.size());

        var py = server.call("search_code", Map.of("query", "read rows of a csv file as dicts", "language", "python"));
        assertThat(py.json().get("results").get(0).get("symbol").asText()).contains("parse_csv_rows");
        assertThat(py.json().get("results")).allSatisfy(n -> assertThat(n.get("language").asText()).isEqualTo("python"));

        var ts = server.call("search_code", Map.of("query", "slugify", "mode", "lexical", "directory", "web/**"));
        assertThat(ts.json().get("results").get(0).get("file_path").asText()).isEqualTo("web/src/slug.ts");
        assertThat(ts.json().get("results")).allSatisfy(n -> assertThat(n.get("file_path").asText()).startsWith("web/"));
    }

    @Test
    @Order(5)
    void reindexUnchangedRepository_embedsNothing() throws Exception {
        var start = server.call("start_indexing_background", Map.of("repo_path", repo.toString()));
        JsonNode done = server.awaitJob(start.json().get("job_id").asText(), Duration.ofMinutes(1)).getLast();
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("files_unchanged").asInt()).isEqualTo(Fixtures.FILES.size());
        assertThat(done.get("files_indexed").asInt()).isZero();
        assertThat(done.get("embeddings_computed").asInt()).isZero();
        assertThat(done.get("status_message").asText()).startsWith("Up to date");
    }

    @Test
    @Order(6)
    void changedAndDeletedFiles_areUpdatedIncrementally() throws Exception {
        Fixtures.write(repo.resolve("web/src/slug.ts"), Fixtures.SLUG_TS + "\nexport const VERSION = 2;\n");
        Files.delete(repo.resolve("scripts/csv_tools.py"));
        var r = server.call("index_repository", Map.of("repo_path", repo.toString(), "wait_seconds", 50));
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        assertThat(r.json().get("files_indexed").asInt()).isEqualTo(1);
        assertThat(r.json().get("files_deleted").asInt()).isEqualTo(1);
        assertThat(r.json().get("status_message").asText()).startsWith("Incremental update");
        var gone = server.call("search_code", Map.of("query", "parse_csv_rows", "mode", "lexical"));
        assertThat(gone.json().get("results").findValuesAsText("file_path")).doesNotContain("scripts/csv_tools.py");
    }

    @Test
    @Order(7)
    void failingIndexing_endsFailedWithErrorNotCompleted() throws Exception {
        Path broken = Fixtures.writeRepo(tmp.resolve("broken"));
        // A random id: on a shared PostgreSQL server a fixed one would name the same database in concurrent runs.
        String id = UUID.randomUUID().toString();
        String database = "cb_proj_broken_" + id.substring(0, 8);
        Fixtures.write(broken.resolve(".codebase-mcp/config.json"),
                "{\"version\": \"1.0\", \"project\": {\"name\": \"broken\", \"id\": \"" + id + "\"}}");
        // The project's data plane cannot be opened (a plain file where its directory goes, or a database that
        // refuses connections).
        store.breakDataPlane(server.home, database);
        var start = server.call("start_indexing_background", Map.of("repo_path", broken.toString()));
        assertThat(start.isError()).as(start.text()).isFalse();
        assertThat(start.json().get("database_name").asText()).isEqualTo(database);
        JsonNode done = server.awaitJob(start.json().get("job_id").asText(), Duration.ofMinutes(1)).getLast();
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("error_message").asText()).isNotBlank();
        assertThat(done.get("error_type").asText()).isNotBlank();
        assertThat(done.get("completed_at").asText()).isNotBlank();
    }

    @Test
    @Order(8)
    void badInput_getsActionableErrorsAndServerKeepsServing() throws Exception {
        Path file = repo.resolve("README.md");
        Map<String, Map<String, Object>> startCases = Map.of(
                "must be absolute", Map.of("repo_path", "relative/path"),
                "does not exist", Map.of("repo_path", tmp.resolve("missing").toString()),
                "is a file, not a directory", Map.of("repo_path", file.toString()),
                "needs 'repo_path'", Map.of(),
                "must be true or false", Map.of("repo_path", repo.toString(), "force_reindex", "yes"),
                "Unknown project", Map.of("repo_path", repo.toString(), "project_id", "no-such-project"),
                "does not take an argument", Map.of("repo_path", repo.toString(), "bogus", 1));
        for (var c : startCases.entrySet()) {
            var r = server.call("start_indexing_background", c.getValue());
            assertThat(r.isError()).as("%s -> %s", c.getValue(), r.text()).isTrue();
            assertThat(r.text()).as("%s", c.getValue()).contains(c.getKey());
        }
        List<Object[]> other = new ArrayList<>();
        other.add(new Object[] {"get_indexing_status", Map.of("job_id", UUID.randomUUID().toString()), "No job with id"});
        other.add(new Object[] {"get_indexing_status", Map.of("job_id", "not-a-uuid"), "is not a job id"});
        other.add(new Object[] {"get_indexing_status", Map.of("job_id", 42), "must be a string"});
        other.add(new Object[] {"cancel_indexing_background", Map.of("job_id", "../../etc/passwd"), "is not a job id"});
        other.add(new Object[] {"search_code", Map.of("query", ""), "query must not be empty"});
        other.add(new Object[] {"search_code", Map.of("query", "   "), "query must not be empty"});
        other.add(new Object[] {"search_code", Map.of("query", "x", "limit", 0), "between 1 and 50"});
        other.add(new Object[] {"search_code", Map.of("query", "x", "limit", 51), "between 1 and 50"});
        other.add(new Object[] {"search_code", Map.of("query", "x", "mode", "fuzzy"), "mode must be"});
        other.add(new Object[] {"search_code", Map.of("query", "x", "directory", "/etc"), "relative to the repository root"});
        other.add(new Object[] {"search_code", Map.of("query", "x", "directory", "src/[abc"), "unclosed"});
        other.add(new Object[] {"list_background_jobs", Map.of("limit", 101), "between 1 and 100"});
        other.add(new Object[] {"list_background_jobs", Map.of("status", "exploded"), "unknown job status"});
        other.add(new Object[] {"set_working_directory", Map.of("directory", "rel"), "absolute"});
        for (Object[] c : other) {
            @SuppressWarnings("unchecked")
            var r = server.call((String) c[0], (Map<String, Object>) c[1]);
            assertThat(r.isError()).as("%s %s -> %s", c[0], c[1], r.text()).isTrue();
            assertThat(r.text()).as("%s %s", c[0], c[1]).contains((String) c[2]);
        }
        var finished = server.call("list_background_jobs", Map.of("status", "completed"));
        String doneJob = finished.json().get("jobs").get(0).get("job_id").asText();
        var cancelDone = server.call("cancel_indexing_background", Map.of("job_id", doneJob));
        assertThat(cancelDone.isError()).isTrue();
        assertThat(cancelDone.text()).contains("already completed");

        var stillServing = server.call("search_code", Map.of("query", "exponential backoff with jitter"));
        assertThat(stillServing.isError()).isFalse();
        assertThat(stillServing.json().get("results").get(0).get("file_path").asText()).endsWith("RetryPolicy.java");
    }

    @Test
    @Order(9)
    void listProjects_showsRepositoriesWithCounts() {
        var r = server.call("list_projects", new HashMap<>());
        assertThat(r.isError()).as(r.text()).isFalse();
        JsonNode def = null;
        for (JsonNode p : r.json().get("projects")) {
            if (p.get("name").asText().equals("default")) {
                def = p;
            }
        }
        assertThat(def).isNotNull();
        // The broken project (its data plane cannot be opened) is listed too, without hiding the others.
        assertThat(r.json().get("projects").findValuesAsText("name")).contains("broken");
        assertThat(def.get("repositories").get(0).get("path").asText()).isEqualTo(repo.toString());
        assertThat(def.get("repositories").get(0).get("files").asInt()).isEqualTo(Fixtures.FILES.size() - 1);
    }

    @Test
    @Order(10)
    void healthResource_reportsStoreModelAndJobs() throws Exception {
        var r = server.client.readResource(new McpSchema.ReadResourceRequest("health://status"));
        JsonNode health = McpServerProcess.JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text());
        assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("ok");
        assertThat(health.at("/store/kind").asText()).isEqualTo(store.kind());
        assertThat(health.at("/store/projects").asInt()).isEqualTo(2); // default and broken
        assertThat(health.at("/embedder/model").asText()).contains("bge");
        assertThat(health.at("/embedder/dimension").asInt()).isEqualTo(384);
        assertThat(health.at("/jobs/pending").asInt()).isZero();
    }

    @Test
    @Order(100)
    void stdout_carriesOnlyJsonRpcMessages() throws Exception {
        server.call("list_projects", Map.of());
        assertThat(server.stdoutMessages()).hasSizeGreaterThan(10);
    }

    static void assertStatusesMoveForward(List<JsonNode> snapshots) {
        List<String> order = List.of("pending", "running", "completed", "failed", "cancelled");
        int last = 0;
        long lastScanned = 0;
        for (JsonNode s : snapshots) {
            int idx = order.indexOf(s.get("status").asText());
            assertThat(Math.min(idx, 2)).as("status went backwards: %s", snapshots).isGreaterThanOrEqualTo(Math.min(last, 2));
            last = idx;
            assertThat(s.get("files_scanned").asLong()).isGreaterThanOrEqualTo(lastScanned);
            lastScanned = s.get("files_scanned").asLong();
        }
    }
}
