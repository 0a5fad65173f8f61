package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection through the real server process: SIGKILL it at random points of indexing a real repository
 * ({@link Soak#KILLS} times, restarting it each time), then check that every job is terminal, none is left running,
 * and the index equals an uninterrupted run, file by file and chunk by chunk. On both stores.
 */
class McpFaultInjectionIT {

    @TempDir
    Path tmp;

    @Test
    void sigkillLoop_embedded_everyJobEndsAndTheIndexEqualsAnUninterruptedRun() throws Exception {
        try (ServerStore store = ServerStore.embedded()) {
            sigkillLoop(store);
        }
    }

    @Test
    void sigkillLoop_postgres_everyJobEndsAndTheIndexEqualsAnUninterruptedRun() throws Exception {
        try (ServerStore store = ServerStore.postgres()) {
            sigkillLoop(store);
        }
    }

    @Test
    void postgresRestartMidJob_jobFailsOrResumesWithAClearMessage_andNothingHangs() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start(); ServerStore store = pg.store()) {
            Path repo = Fixtures.writeBigRepo(tmp.resolve("big"), 1500);
            Fixtures.config(repo, "restarted");
            Path home = Files.createDirectories(tmp.resolve("home"));
            try (McpHttpServerProcess server = new McpHttpServerProcess(home, null, Soak.env(store, home, Map.of()))) {
                McpSyncClient c = server.connect();
                String job = Soak.call(c, "start_indexing_background", Map.of("repo_path", repo.toString())).json()
                        .get("job_id").asText();
                JsonNode before = Soak.pollUntil(c, job, j -> j.get("files_indexed").asInt() > 0 || Soak.terminal(j),
                        Duration.ofMinutes(2));
                assertThat(before.get("status").asText()).as("the job must be running when the database goes down")
                        .isEqualTo("running");
                pg.crash();
                long downAt = System.nanoTime();
                // While the database is down the server still answers, with an error that names the cause.
                McpHttpServerProcess.Result during = McpHttpServerProcess.call(c, "get_indexing_status", Map.of("job_id", job));
                long answerMs = (System.nanoTime() - downAt) / 1_000_000;
                assertThat(during.isError()).as(during.text()).isTrue();
                assertThat(during.text()).contains("PostgreSQL");
                Thread.sleep(3000);
                pg.startServer();
                long upAt = System.nanoTime();
                JsonNode end = Soak.awaitTerminal(c, job, Duration.ofMinutes(3));
                long settleMs = (System.nanoTime() - upAt) / 1_000_000;
                if (end.get("status").asText().equals("failed")) {
                    assertThat(end.get("error_message").asText()).as(end.toString()).containsIgnoringCase("database");
                } else {
                    assertThat(end.get("status").asText()).as(end.toString()).isEqualTo("completed");
                }
                JsonNode after = Soak.index(c, repo, Duration.ofMinutes(3));
                assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("completed");
                assertThat(Soak.count(c, "running")).isZero();
                assertThat(Soak.count(c, "pending")).isZero();
                JsonNode hit = Soak.call(c, "search_code", Map.of("query", "compute1Value1234", "project_id", "restarted",
                        "mode", "lexical")).json();
                assertThat(hit.get("results").get(0).get("file_path").asText()).endsWith("Component1234.java");
                assertThat(hit.at("/index/files").asInt()).isEqualTo(1500);
                System.out.printf("DATABASE-RESTART job %s: %s (attempt %d) %.1fs after the database came back; error while down "
                                + "answered in %d ms: %s; job message: %s%n", job, end.get("status").asText(),
                        end.get("attempt").asInt(), settleMs / 1000.0, answerMs, during.text(),
                        end.get("status").asText().equals("failed") ? end.get("error_message").asText() : end.get("status_message").asText());
            }
        }
    }

    private void sigkillLoop(ServerStore store) throws Exception {
        Path repo = Soak.copyOfOwnSources(tmp.resolve("killed"));
        Fixtures.config(repo, "killed");
        Path reference = Soak.copyOfOwnSources(tmp.resolve("reference"));
        Fixtures.config(reference, "reference");
        List<String> files = Soak.files(repo);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = Soak.env(store, home, Map.of());

        long referenceMs;
        try (McpHttpServerProcess server = new McpHttpServerProcess(home, null, env)) {
            McpSyncClient c = server.connect();
            long t0 = System.nanoTime();
            JsonNode ref = Soak.index(c, reference, Duration.ofMinutes(3));
            referenceMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ref.get("status").asText()).as(ref.toString()).isEqualTo("completed");
        }

        Random random = new Random(Soak.SEED);
        Set<String> jobIds = new LinkedHashSet<>();
        int kills = 0;
        int runningWhenKilled = 0;
        long t0 = System.nanoTime();
        while (kills < Soak.KILLS) {
            McpHttpServerProcess server = new McpHttpServerProcess(home, null, env);
            try {
                McpSyncClient c = server.connect();
                // A restarted server requeues the killed job and this start returns it (resume). With none active a new
                // job starts, mostly as a forced full rebuild so that there is work for the next kill to interrupt.
                boolean force = random.nextInt(4) != 0;
                JsonNode start = Soak.call(c, "start_indexing_background", Map.of("repo_path", repo.toString(),
                        "force_reindex", force)).json();
                jobIds.add(start.get("job_id").asText());
                Thread.sleep(random.nextLong(Math.max(300, referenceMs)));
                JsonNode before = Soak.call(c, "get_indexing_status", Map.of("job_id", start.get("job_id").asText())).json();
                if (before.get("status").asText().equals("running")) {
                    runningWhenKilled++;
                }
            } finally {
                server.kill();
            }
            kills++;
        }
        long loopMs = (System.nanoTime() - t0) / 1_000_000;

        try (McpHttpServerProcess server = new McpHttpServerProcess(home, null, env)) {
            McpSyncClient c = server.connect();
            for (String job : jobIds) {
                JsonNode end = Soak.awaitTerminal(c, job, Duration.ofMinutes(3));
                if (end.get("status").asText().equals("failed")) {
                    assertThat(end.get("error_type").asText()).as(end.toString()).isEqualTo("WorkerDied");
                    assertThat(end.get("error_message").asText()).contains("stopped (crash or kill)");
                }
            }
            // Whatever the last kill left: one more start brings the index up to date (incremental, from checkpoints).
            JsonNode last = Soak.index(c, repo, Duration.ofMinutes(3));
            assertThat(last.get("status").asText()).as(last.toString()).isEqualTo("completed");

            List<JsonNode> all = Soak.jobs(c, "killed");
            assertThat(all).allSatisfy(j -> assertThat(Soak.terminal(j)).as(j.toString()).isTrue());
            assertThat(Soak.count(c, "running")).as("jobs left running").isZero();
            assertThat(Soak.count(c, "pending")).as("jobs left pending").isZero();
            Map<String, String> killed = Soak.snapshot(c, "killed", files);
            Map<String, String> uninterrupted = Soak.snapshot(c, "reference", files);
            assertThat(killed).isEqualTo(uninterrupted);
            assertThat(Integer.parseInt(killed.get("(files)"))).isEqualTo(files.size());

            long completed = all.stream().filter(j -> j.get("status").asText().equals("completed")).count();
            long failed = all.stream().filter(j -> j.get("status").asText().equals("failed")).count();
            System.out.printf("FAULT-INJECTION store=%s seed=%d kills=%d (job running at %d of them) loop=%.1fs "
                            + "uninterrupted-index=%.1fs jobs=%d completed=%d failed(WorkerDied)=%d files=%s chunks=%s%n",
                    store.kind(), Soak.SEED, kills, runningWhenKilled, loopMs / 1000.0, referenceMs / 1000.0, all.size(),
                    completed, failed, killed.get("(files)"), killed.get("(chunks)"));
        }
    }
}
