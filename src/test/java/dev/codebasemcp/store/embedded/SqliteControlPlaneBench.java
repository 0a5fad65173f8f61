package dev.codebasemcp.store.embedded;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Latency of the control plane's hot calls on a real registry.db (not a test: prints figures, asserts nothing).
 * Run: {@code java -cp target/classes:target/test-classes:<deps> dev.codebasemcp.store.embedded.SqliteControlPlaneBench}
 */
public final class SqliteControlPlaneBench {

    private static final int WARMUP = 2_000;
    private static final int RUNS = 20_000;

    private SqliteControlPlaneBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cbm-sqlite-bench");
        Path db = dir.resolve("registry.db");
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        long openStart = System.nanoTime();
        try (SqliteControlPlane plane = new SqliteControlPlane(db, InstantSource.fixed(t0))) {
            System.out.printf(Locale.ROOT, "open + migrate fresh file: %.1f ms%n", (System.nanoTime() - openStart) / 1e6);
            ProjectRef project = plane.registry().getOrCreate(ProjectSpec.named("bench"));
            Job job = plane.jobs().createOrGetActive(project, "/repos/bench", false, t0.minusSeconds(1)).job();
            plane.jobs().claimNext("bench-worker", t0);
            for (int i = 0; i < 200; i++) { // some history so lookups are not on an empty table
                ProjectRef p = plane.registry().getOrCreate(ProjectSpec.named("history-" + i));
                plane.jobs().createOrGetActive(p, "/repos/" + i, false, t0.plusSeconds(i));
            }
            Job running = plane.jobs().get(job.id()).orElseThrow();
            String id = running.id();
            String worker = running.workerId();
            JobCounters counters = new JobCounters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

            measure("get(jobId)", i -> plane.jobs().get(id).orElseThrow());
            measure("updateProgress", i -> plane.jobs().updateProgress(id, worker, JobPhase.EMBEDDING, (i % 100),
                    "embedding " + i, counters, 5L, t0.plusMillis(i)));
            measure("registry.getOrCreate(existing)", i -> plane.registry().getOrCreate(ProjectSpec.named("bench")));
            measure("registry.find(id)", i -> plane.registry().find(project.id()).orElseThrow());
            measure("list(limit 20)", i -> plane.jobs().list(null, null, null, 20, 0));
            measure("claimNext(nothing claimable)", i -> plane.jobs().claimNext("idle", t0));

            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().name("bench-writer").start(() -> {
                for (long i = 0; !stop.get(); i++) {
                    plane.jobs().updateProgress(id, worker, JobPhase.WRITING, 50, "w" + i, counters, 1L, t0.plusMillis(i));
                }
            });
            measure("get(jobId) while another thread writes", i -> plane.jobs().get(id).orElseThrow());
            stop.set(true);
            writer.join();
        }
        long reopen = System.nanoTime();
        try (SqliteControlPlane ignored = new SqliteControlPlane(db, InstantSource.fixed(t0))) {
            System.out.printf(Locale.ROOT, "reopen migrated file: %.1f ms%n", (System.nanoTime() - reopen) / 1e6);
        }
    }

    private static void measure(String what, LongConsumer call) {
        for (int i = 0; i < WARMUP; i++) {
            call.accept(i);
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            call.accept(WARMUP + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s p50 %7.1f us  p95 %7.1f us  p99 %7.1f us  max %8.1f us  (%d calls)%n", what,
                nanos[RUNS / 2] / 1e3, nanos[RUNS * 95 / 100] / 1e3, nanos[RUNS * 99 / 100] / 1e3, nanos[RUNS - 1] / 1e3, RUNS);
    }
}
