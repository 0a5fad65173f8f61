package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job lifecycle through real server processes with the real model: cancel, SIGKILL and resume, two processes on
 * one data directory, project resolution per session, and the original codebase-mcp's failures as regressions. Runs on
 * the embedded store; {@link McpJobsPostgresIT} runs the same on PostgreSQL.
 */
class McpJobsIT {

    static final int BIG_FILES = 200;

    @TempDir
    Path tmp;
    final List<McpServerProcess> servers = new ArrayList<>();
    final ServerStore store = createStore();

    /** The store the servers run on. */
    ServerStore createStore() {
        return ServerStore.embedded();
    }

    @AfterEach
    void stopAll() throws Exception {
        servers.forEach(McpServerProcess::close);
        store.close();
    }

    McpServerProcess server(Path home) throws Exception {
        Map<String, String> env = new HashMap<>(store.env(home));
        env.put("EMBEDDING_PROVIDER", "onnx");
        env.put("PROGRESS_UPDATE_INTERVAL_SECONDS", "1");
        McpServerProcess s = new McpServerProcess(Files.createDirectories(home), env);
        servers.add(s);
        return s;
    }

    static JsonNode pollUntil(McpServerProcess s, String jobId, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = s.call("get_indexing_status", Map.of("job_id", jobId)).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not reached for job " + jobId + "; last: " + last);
    }

    static JsonNode indexState(McpServerProcess s, String project) {
        return s.call("search_code", Map.of("query", "compute value", "project_id", project, "mode", "lexical")).json().get("index");
    }

    @Test
    void cancel_returnsAtOnce_jobEndsCancelled_committedFilesStaySearchable() throws Exception {
        Path repo = Fixtures.writeBigRepo(tmp.resolve("big"), BIG_FILES);
        Fixtures.config(repo, "cancel-demo");
        McpServerProcess s = server(tmp.resolve("home"));
        String job = s.call("start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        pollUntil(s, job, j -> j.get("status").asText().equals("running") && j.get("embeddings_computed").asInt() > 20,
                Duration.ofMinutes(3));
        long t0 = System.nanoTime();
        var cancel = s.call("cancel_indexing_background", Map.of("job_id", job));
        long cancelMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("cancel_indexing_background returned in " + cancelMs + " ms");
        assertThat(cancel.isError()).as(cancel.text()).isFalse();
        assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
        JsonNode after = s.call("get_indexing_status", Map.of("job_id", job)).json();
        assertThat(after.get("status").asText()).isEqualTo("cancelled");
        assertThat(after.get("cancelled_at").asText()).isNotBlank();
        // The worker stops: no more embeddings recorded, and the project has no active job.
        Thread.sleep(2500);
        JsonNode later = s.call("get_indexing_status", Map.of("job_id", job)).json();
        assertThat(later.get("embeddings_computed")).isEqualTo(after.get("embeddings_computed"));
        var search = s.call("search_code", Map.of("query", "compute value of component", "project_id", "cancel-demo"));
        assertThat(search.isError()).as(search.text()).isFalse();
        assertThat(search.json().at("/index/active_job_id").isNull()).isTrue();
        // Embeddings are computed after the lexical commit of every file: a cancel while embedding keeps all files
        // searchable by keywords, and only part of them by meaning.
        assertThat(after.get("searchable_at").isNull()).as(after.toString()).isFalse();
        assertThat(after.get("embedded_at").isNull()).isTrue();
        assertThat(search.json().at("/index/files").asInt()).isEqualTo(BIG_FILES);
        assertThat(search.json().at("/index/semantic").asText()).isEqualTo("partial");
        // A new start resumes from what was committed.
        String again = s.call("start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        JsonNode done = s.awaitJob(again, Duration.ofMinutes(5)).getLast();
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("files_unchanged").asInt()).isEqualTo(search.json().at("/index/files").asInt());
        // Vectors committed before the cancel (checkpoints every 10 s) are kept; only the missing ones are computed.
        String[] vectors = search.json().at("/index/vectors").asText().split("/");
        int missing = Integer.parseInt(vectors[1]) - Integer.parseInt(vectors[0]);
        assertThat(missing).isPositive();
        // Vectors computed before the cancel but not committed are in the embedding cache: served from there.
        assertThat(done.get("embeddings_computed").asInt() + done.get("embeddings_cached").asInt())
                .as("only the missing vectors are computed or taken from the cache").isEqualTo(missing);
        assertThat(done.get("embeddings_computed").asInt()).isLessThanOrEqualTo(missing);
        assertThat(done.get("embedded_at").isNull()).isFalse();
        assertThat(indexState(s, "cancel-demo").get("files").asInt()).isEqualTo(BIG_FILES);
        assertThat(indexState(s, "cancel-demo").get("semantic").asText()).isEqualTo("complete");
    }

    @Test
    void sigkillMidIndex_restartResumesToCompleted_withTheSameIndexAsAnUninterruptedRun() throws Exception {
        Path repo = Fixtures.writeBigRepo(tmp.resolve("killed"), BIG_FILES);
        Fixtures.config(repo, "killed");
        Path reference = Fixtures.writeBigRepo(tmp.resolve("reference"), BIG_FILES);
        Fixtures.config(reference, "reference");
        Path home = tmp.resolve("home");

        McpServerProcess first = server(home);
        String job = first.call("start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        // Wait for at least one committed checkpoint, then kill -9 mid-job.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (indexState(first, "killed").get("files").asInt() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        JsonNode beforeKill = first.call("get_indexing_status", Map.of("job_id", job)).json();
        assertThat(beforeKill.get("status").asText()).as("job must still be running when killed").isEqualTo("running");
        int committed = indexState(first, "killed").get("files").asInt();
        // The lexical phase of 200 small files fits in one checkpoint; the kill lands while vectors are filled in.
        assertThat(committed).isBetween(1, BIG_FILES);
        assertThat(beforeKill.get("embedded_at").isNull()).isTrue();
        first.kill();

        McpServerProcess second = server(home);
        JsonNode done = second.awaitJob(job, Duration.ofMinutes(5)).getLast();
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("files_unchanged").asInt()).as("committed files are not redone").isGreaterThanOrEqualTo(committed);
        // No job is left running.
        assertThat(second.call("list_background_jobs", Map.of("status", "running")).json().get("total_count").asInt()).isZero();

        JsonNode ref = second.call("index_repository", Map.of("repo_path", reference.toString(), "wait_seconds", 50)).json();
        ref = ref.get("status").asText().equals("completed") ? ref : second.awaitJob(ref.get("job_id").asText(), Duration.ofMinutes(5)).getLast();
        assertThat(ref.get("status").asText()).isEqualTo("completed");
        JsonNode killedState = indexState(second, "killed");
        JsonNode refState = indexState(second, "reference");
        assertThat(killedState.get("files").asInt()).isEqualTo(BIG_FILES).isEqualTo(refState.get("files").asInt());
        assertThat(killedState.get("chunks").asInt()).isEqualTo(refState.get("chunks").asInt());
        assertThat(killedState.get("semantic").asText()).isEqualTo("complete");
        assertThat(done.get("embedded_at").isNull()).isFalse();
        // The same chunks: a unique identifier from files committed before and after the kill finds the same lines.
        // (Whole rankings are not compared: HNSW graphs built in a different order may order near-ties differently.)
        for (int i : List.of(0, 37, 99, 150, 181, BIG_FILES - 1)) {
            List<String> killedHit = paths(second, "compute1Value" + i, "killed");
            assertThat(killedHit.getFirst()).startsWith("src/big/p" + (i % 10) + "/Component" + i + ".java:");
            assertThat(killedHit.getFirst()).isEqualTo(paths(second, "compute1Value" + i, "reference").getFirst());
        }
    }

    static List<String> paths(McpServerProcess s, String query, String project) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : s.call("search_code", Map.of("query", query, "project_id", project, "limit", 5, "mode", "lexical"))
                .json().get("results")) {
            out.add(r.get("file_path").asText() + ":" + r.get("start_line").asInt() + "-" + r.get("end_line").asInt());
        }
        return out;
    }

    @Test
    void sessionsAndProjects_resolvePerSession_andBackgroundWorkKeepsItsProject() throws Exception {
        Path a = Fixtures.writeRepo(tmp.resolve("a"));
        Fixtures.config(a, "alpha");
        Fixtures.write(a.resolve("src/OnlyInAlpha.java"), "class OnlyInAlpha { void zebraStripes() {} }\n");
        Path b = Fixtures.writeRepo(tmp.resolve("b"));
        Fixtures.config(b, "beta");
        Path home = tmp.resolve("home");
        McpServerProcess s = server(home);

        // A project auto-created by one call is found by the next (the original kept it only in memory).
        var wd = s.call("set_working_directory", Map.of("directory", a.toString()));
        assertThat(wd.json().at("/project/name").asText()).isEqualTo("alpha");
        assertThat(wd.json().get("config_found").asBoolean()).isTrue();
        assertThat(s.call("list_projects", Map.of()).json().get("projects").findValuesAsText("name")).contains("alpha");
        var empty = s.call("search_code", Map.of("query", "anything", "project_id", "alpha"));
        assertThat(empty.isError()).as(empty.text()).isFalse();
        assertThat(empty.json().at("/index/state").asText()).isEqualTo("empty");

        // Background work gets the project resolved at call time, not the session's later state.
        var start = s.call("start_indexing_background", Map.of("repo_path", a.toString()));
        s.call("set_working_directory", Map.of("directory", b.toString()));
        String alphaJob = start.json().get("job_id").asText();
        JsonNode done = s.awaitJob(alphaJob, Duration.ofMinutes(2)).getLast();
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("project_name").asText()).isEqualTo("alpha");
        var fromBeta = s.call("search_code", Map.of("query", "zebraStripes", "mode", "lexical"));
        assertThat(fromBeta.json().get("project_name").asText()).isEqualTo("beta");
        assertThat(fromBeta.json().get("results")).isEmpty();
        var fromAlpha = s.call("search_code", Map.of("query", "zebraStripes", "mode", "lexical", "project_id", "alpha"));
        assertThat(fromAlpha.json().get("results").get(0).get("file_path").asText()).isEqualTo("src/OnlyInAlpha.java");

        // Index beta too, with progress notifications; the two projects have two data planes that never cross.
        var beta = s.callWithProgress("index_repository", Map.of("repo_path", b.toString(), "wait_seconds", 50), "tok-1");
        assertThat(beta.json().get("status").asText()).isEqualTo("completed");
        assertThat(s.progress).isNotEmpty();
        // Notifications are delivered asynchronously and may trail the result by a moment; with the embedding phase
        // there are more of them (mid-run percentages are shares of the time that embedding takes).
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.progress.getLast().progress() != 100.0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(s.progress.getLast().progress()).isEqualTo(100.0);
        String alphaDb = wd.json().at("/project/database_name").asText();
        String betaDb = beta.json().get("database_name").asText();
        assertThat(alphaDb).isNotEqualTo(betaDb).startsWith("cb_proj_alpha_");
        assertThat(store.dataPlaneExists(home, alphaDb)).as(alphaDb).isTrue();
        assertThat(store.dataPlaneExists(home, betaDb)).as(betaDb).isTrue();

        // list_background_jobs filters and pages.
        assertThat(s.call("list_background_jobs", Map.of("project_id", "alpha")).json().get("total_count").asInt()).isEqualTo(1);
        assertThat(s.call("list_background_jobs", Map.of("repo_path", b.toString())).json().get("jobs").get(0).get("project_name")
                .asText()).isEqualTo("beta");
        var page = s.call("list_background_jobs", Map.of("status", "completed", "limit", 1, "offset", 1)).json();
        assertThat(page.get("total_count").asInt()).isEqualTo(2);
        assertThat(page.get("jobs")).hasSize(1);
        assertThat(page.get("jobs").get(0).get("job_id").asText()).isEqualTo(alphaJob);

        // An invalid config is an error naming the file, never a fall-through to another project.
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Fixtures.write(bad.resolve(".codebase-mcp/config.json"), "{\"version\": 1}");
        var badWd = s.call("set_working_directory", Map.of("directory", bad.toString()));
        assertThat(badWd.json().get("config_error").asText()).contains(bad.resolve(".codebase-mcp/config.json").toString());
        var badSearch = s.call("search_code", Map.of("query", "x"));
        assertThat(badSearch.isError()).isTrue();
        assertThat(badSearch.text()).contains("config.json");

        // Projects survive a restart (the registry is the source of truth).
        s.close();
        servers.remove(s);
        McpServerProcess restarted = server(home);
        assertThat(restarted.call("list_projects", Map.of()).json().get("projects").findValuesAsText("name")).contains("alpha", "beta");
    }

    @Test
    void twoServerProcessesOnOneDataDirectory_shareJobsAndSearch() throws Exception {
        Path repo = Fixtures.writeBigRepo(tmp.resolve("shared"), 60);
        Path home = tmp.resolve("home");
        McpServerProcess one = server(home);
        McpServerProcess two = server(home);
        String job = one.call("start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        var dup = two.call("start_indexing_background", Map.of("repo_path", repo.toString()));
        assertThat(dup.json().get("deduplicated").asBoolean()).isTrue();
        assertThat(dup.json().get("job_id").asText()).isEqualTo(job);
        JsonNode done = two.awaitJob(job, Duration.ofMinutes(3)).getLast();
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).isEqualTo(1);
        Map<String, Object> q = new HashMap<>(Map.of("query", "compute value of component 42", "limit", 3));
        var r1 = one.call("search_code", q).json();
        var r2 = two.call("search_code", q).json();
        assertThat(r1.at("/index/files").asInt()).isEqualTo(60);
        assertThat(r1.get("results").findValuesAsText("chunk_id")).isEqualTo(r2.get("results").findValuesAsText("chunk_id"));
        // The second process can run the next job on the same project (the first released the write lock).
        Fixtures.write(repo.resolve("src/New.java"), "class New { int brandNewMethod() { return 1; } }\n");
        var next = two.call("index_repository", Map.of("repo_path", repo.toString(), "wait_seconds", 50)).json();
        assertThat(next.get("status").asText()).isEqualTo("completed");
        assertThat(next.get("files_indexed").asInt()).isEqualTo(1);
        assertThat(one.call("search_code", Map.of("query", "brandNewMethod", "mode", "lexical")).json().get("results").get(0)
                .get("file_path").asText()).isEqualTo("src/New.java");
    }
}
