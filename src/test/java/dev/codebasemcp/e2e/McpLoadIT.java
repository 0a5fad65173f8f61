package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load through the real server over Streamable HTTP: 8 concurrent MCP clients search for {@link Soak#LOAD_SECONDS}
 * while two indexing jobs run without pause in the same process (no errors; p95 printed), and three jobs on three
 * projects with MAX_CONCURRENT_INDEXING_JOBS=2 (the third waits for a free worker, then completes). On both stores.
 */
class McpLoadIT {

    static final int CLIENTS = 8;
    static final int INDEXED_FILES = 600;
    static final List<String> QUERIES = List.of("find the nearest project config file above a directory",
            "claim the next pending indexing job", "reciprocal rank fusion of two rankings", "JobWorkers",
            "parse a postgresql url with user and password", "split camelCase identifiers into terms",
            "cancel a running job", "heartbeat lease requeue stale jobs", "computeBackoffDelay", "health check of the store",
            "tree-sitter chunk boundaries", "sanitize the database name of a project");
    static final List<String> MODES = List.of("hybrid", "lexical", "semantic");

    @TempDir
    Path tmp;

    @Test
    void searchLoadWhileTwoJobsIndex_embedded_servesEveryRequest() throws Exception {
        try (ServerStore store = ServerStore.embedded()) {
            searchLoad(store);
        }
    }

    @Test
    void searchLoadWhileTwoJobsIndex_postgres_servesEveryRequest() throws Exception {
        try (ServerStore store = ServerStore.postgres()) {
            searchLoad(store);
        }
    }

    @Test
    void threeJobsOnTwoWorkers_embedded_theThirdQueuesThenCompletes() throws Exception {
        try (ServerStore store = ServerStore.embedded()) {
            threeJobsOnTwoWorkers(store);
        }
    }

    @Test
    void threeJobsOnTwoWorkers_postgres_theThirdQueuesThenCompletes() throws Exception {
        try (ServerStore store = ServerStore.postgres()) {
            threeJobsOnTwoWorkers(store);
        }
    }

    private void searchLoad(ServerStore store) throws Exception {
        Path searched = Soak.copyOfOwnSources(tmp.resolve("searched"));
        Fixtures.config(searched, "searched");
        List<Path> indexed = new ArrayList<>();
        for (String name : List.of("busy-a", "busy-b")) {
            Path repo = Fixtures.writeBigRepo(tmp.resolve(name), INDEXED_FILES);
            Fixtures.config(repo, name);
            indexed.add(repo);
        }
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (McpHttpServerProcess server = new McpHttpServerProcess(home, null,
                Soak.env(store, home, Map.of("MAX_CONCURRENT_INDEXING_JOBS", "2")))) {
            McpSyncClient admin = server.connect();
            assertThat(Soak.index(admin, searched, Duration.ofMinutes(3)).get("status").asText()).isEqualTo("completed");

            long end = System.nanoTime() + Duration.ofSeconds(Soak.LOAD_SECONDS).toNanos();
            // The two jobs run for the whole window: whenever one ends, it starts again as a forced full re-index.
            AtomicInteger jobsCompleted = new AtomicInteger();
            ConcurrentLinkedQueue<String> jobFailures = new ConcurrentLinkedQueue<>();
            List<Thread> indexers = new ArrayList<>();
            for (Path repo : indexed) {
                indexers.add(Thread.ofPlatform().name("indexer-" + repo.getFileName()).start(() -> {
                    try {
                        McpSyncClient c = server.connect();
                        boolean force = false;
                        do {
                            JsonNode start = Soak.call(c, "start_indexing_background", Map.of("repo_path", repo.toString(),
                                    "force_reindex", force)).json();
                            JsonNode done = Soak.awaitTerminal(c, start.get("job_id").asText(), Duration.ofMinutes(3));
                            if (done.get("status").asText().equals("completed")) {
                                jobsCompleted.incrementAndGet();
                            } else {
                                jobFailures.add(done.toString());
                            }
                            force = true;
                        } while (System.nanoTime() < end);
                    } catch (Throwable e) {
                        jobFailures.add(e.toString());
                    }
                }));
            }
            // Let the jobs get going before the clock of the search load starts.
            Thread.sleep(500);

            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            AtomicLong whileIndexing = new AtomicLong();
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                clients.add(Thread.ofPlatform().name("search-client-" + i).start(() -> {
                    McpSyncClient c = server.connect();
                    ready.countDown();
                    for (int k = n; System.nanoTime() < end; k++) {
                        // Mostly the finished project; every fourth request reads a project that is being written.
                        String project = k % 4 == 3 ? (k % 8 == 3 ? "busy-a" : "busy-b") : "searched";
                        Map<String, Object> args = Map.of("query", QUERIES.get(k % QUERIES.size()), "project_id", project,
                                "mode", MODES.get(k % MODES.size()), "limit", 10);
                        long t0 = System.nanoTime();
                        try {
                            McpHttpServerProcess.Result r = McpHttpServerProcess.call(c, "search_code", args);
                            latencies.add((System.nanoTime() - t0) / 1e6);
                            if (r.isError()) {
                                errors.add(args + " -> " + r.text());
                            } else if (r.json().at("/index/active_job_id").isTextual()) {
                                whileIndexing.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            errors.add(args + " -> " + e);
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            for (Thread t : indexers) {
                t.join();
            }
            List<Double> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            System.out.printf("LOAD store=%s clients=%d seconds=%d requests=%d (%.1f/s) errors=%d searches-during-a-job=%d "
                            + "jobs-completed=%d latency-ms p50=%.1f p95=%.1f p99=%.1f max=%.1f%n", store.kind(), CLIENTS,
                    Soak.LOAD_SECONDS, sorted.size(), sorted.size() / (double) Soak.LOAD_SECONDS, errors.size(),
                    whileIndexing.get(), jobsCompleted.get(), Soak.percentile(sorted, 50), Soak.percentile(sorted, 95),
                    Soak.percentile(sorted, 99), sorted.isEmpty() ? Double.NaN : sorted.getLast());
            assertThat(errors).as("search errors").isEmpty();
            assertThat(jobFailures).as("indexing jobs that did not complete").isEmpty();
            assertThat(sorted).hasSizeGreaterThan(CLIENTS * 10);
            assertThat(whileIndexing.get()).as("searches answered while a job ran on the project").isPositive();
            assertThat(jobsCompleted.get()).isGreaterThanOrEqualTo(2);
            assertThat(Soak.count(admin, "running")).isZero();
        }
    }

    private void threeJobsOnTwoWorkers(ServerStore store) throws Exception {
        List<Path> repos = new ArrayList<>();
        for (String name : List.of("queue-a", "queue-b", "queue-c")) {
            Path repo = Fixtures.writeBigRepo(tmp.resolve(name), 400);
            Fixtures.config(repo, name);
            repos.add(repo);
        }
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (McpHttpServerProcess server = new McpHttpServerProcess(home, null,
                Soak.env(store, home, Map.of("MAX_CONCURRENT_INDEXING_JOBS", "2")))) {
            McpSyncClient c = server.connect();
            List<String> jobs = new ArrayList<>();
            for (Path repo : repos) {
                jobs.add(Soak.call(c, "start_indexing_background", Map.of("repo_path", repo.toString())).json()
                        .get("job_id").asText());
            }
            int maxRunning = 0;
            boolean sawQueued = false;
            List<JsonNode> last = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < deadline) {
                last.clear();
                for (String job : jobs) {
                    last.add(Soak.call(c, "get_indexing_status", Map.of("job_id", job)).json());
                }
                // One query for the count: three get_indexing_status calls in a row are not one instant.
                int running = Soak.count(c, "running");
                long pending = last.stream().filter(j -> j.get("status").asText().equals("pending")).count();
                maxRunning = Math.max(maxRunning, running);
                sawQueued |= running == 2 && pending == 1;
                if (last.stream().allMatch(Soak::terminal)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(last).allSatisfy(j -> assertThat(j.get("status").asText()).as(j.toString()).isEqualTo("completed"));
            assertThat(maxRunning).as("jobs running at once").isLessThanOrEqualTo(2);
            // The job that started last started only after one of the other two had finished.
            List<JsonNode> byStart = new ArrayList<>(last);
            byStart.sort(java.util.Comparator.comparing(j -> Instant.parse(j.get("started_at").asText())));
            Instant thirdStarted = Instant.parse(byStart.get(2).get("started_at").asText());
            Instant firstDone = Instant.parse(byStart.get(0).get("completed_at").asText());
            Instant secondDone = Instant.parse(byStart.get(1).get("completed_at").asText());
            assertThat(thirdStarted).isAfterOrEqualTo(firstDone.isBefore(secondDone) ? firstDone : secondDone);
            // By the stored times too: when any job started, at most two were running.
            for (JsonNode j : last) {
                Instant t = Instant.parse(j.get("started_at").asText());
                long overlapping = last.stream().filter(o -> !Instant.parse(o.get("started_at").asText()).isAfter(t)
                        && Instant.parse(o.get("completed_at").asText()).isAfter(t)).count();
                assertThat(overlapping).as("jobs running when %s started", j.get("job_id").asText()).isLessThanOrEqualTo(2);
            }
            System.out.printf("QUEUE store=%s three jobs on MAX_CONCURRENT_INDEXING_JOBS=2: max running at once=%d, "
                    + "2 running + 1 pending observed=%s, all completed%n", store.kind(), maxRunning, sawQueued);
        }
    }
}
