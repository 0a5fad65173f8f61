package dev.codebasemcp.metrics;

import dev.codebasemcp.JobStatus;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.store.JobStore;
import dev.codebasemcp.store.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "is this server healthy?" by asking the real things: the registry (project count), the job table
 * (pending/running counts), the data directory (writable) and the embedder. A part that fails makes the report
 * {@code degraded} and names the problem; it never throws.
 */
public final class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

    private final String version;
    private final Clock clock;
    private final Instant startedAt;
    private final String storeKind;
    private final Path dataDir;
    private final Registry registry;
    private final JobStore jobs;
    private final Embedder embedder;
    private final IntSupplier runningInProcess;

    public HealthCheck(String version, Clock clock, String storeKind, Path dataDir, Registry registry, JobStore jobs,
                       Embedder embedder, IntSupplier runningInProcess) {
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.storeKind = storeKind;
        this.dataDir = dataDir;
        this.registry = registry;
        this.jobs = jobs;
        this.embedder = embedder;
        this.runningInProcess = runningInProcess;
    }

    public HealthReport check() {
        List<String> problems = new ArrayList<>();
        Integer projects = null;
        try {
            projects = registry.list().size();
        } catch (RuntimeException e) {
            problems.add("registry: " + describe(e));
            log.warn("Health check: the registry failed", e);
        }
        if (!Files.isDirectory(dataDir) || !Files.isWritable(dataDir)) {
            problems.add("data directory " + dataDir + " is missing or not writable");
        }
        Long pending = null;
        Long running = null;
        try {
            pending = (long) jobs.list(JobStatus.PENDING, null, null, 1, 0).totalCount();
            running = (long) jobs.list(JobStatus.RUNNING, null, null, 1, 0).totalCount();
        } catch (RuntimeException e) {
            problems.add("job store: " + describe(e));
            log.warn("Health check: the job store failed", e);
        }
        HealthReport.Model model = null;
        try {
            model = new HealthReport.Model(embedder.modelId(), embedder.dimension());
        } catch (RuntimeException e) {
            problems.add("embedder: " + describe(e));
            log.warn("Health check: the embedder failed", e);
        }
        long uptime = Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds());
        return new HealthReport(problems.isEmpty() ? "ok" : "degraded", version, uptime, ProcessHandle.current().pid(),
                new HealthReport.Store(storeKind, dataDir.toString(), projects), model,
                new HealthReport.Jobs(runningInProcess.getAsInt(), pending, running), problems);
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
