package dev.codebasemcp.jobs;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.indexing.IndexOutcome;
import dev.codebasemcp.indexing.IndexRequest;
import dev.codebasemcp.indexing.Indexer;
import dev.codebasemcp.indexing.IndexingCancelledException;
import dev.codebasemcp.indexing.IndexingException;
import dev.codebasemcp.indexing.Progress;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.JobStore;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs indexing jobs claimed from the {@link JobStore}: {@code maxConcurrent} worker threads per process, one job
 * per project at a time (the store's claim guarantees it across processes; within this process a per-project run lock
 * also keeps a new job from touching the index while a cancelled one is still unwinding). While a job runs, a ticker stores its
 * progress and heartbeat at least every second; a store refusal (the job was cancelled, or reclaimed after this
 * process looked dead) stops the run within a second. A maintenance task requeues jobs whose process died (stale
 * heartbeat) up to {@link JobSettings#maxAttempts()}, fails them after that, and deletes finished jobs past retention.
 */
public final class JobWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    private final JobStore jobs;
    private final ChunkStore chunkStore;
    private final Indexer indexer;
    private final JobSettings settings;
    private final Clock clock;
    /** {@code host:pid:random}; lets a process on the same host see at once that a job's worker process is gone. */
    private final String processId = WorkerIds.forThisProcess();
    private final Object wakeUp = new Object();
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    /**
     * Held for the whole run of a job on a project. The store lets a new job on a project be claimed as soon as the
     * previous one is marked cancelled, but the cancelled run still unwinds (rolls back its uncommitted writes on the
     * shared index) for a moment after; without this lock that rollback would discard the new job's first writes.
     */
    private final Map<String, ReentrantLock> projectRuns = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private final Consumer<Job> onFinished;
    private volatile boolean stopping;

    public JobWorkers(JobStore jobs, ChunkStore chunkStore, Indexer indexer, JobSettings settings, Clock clock,
                      Consumer<Job> onFinished) {
        this.jobs = jobs;
        this.chunkStore = chunkStore;
        this.indexer = indexer;
        this.settings = settings;
        this.clock = clock;
        this.onFinished = onFinished;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the worker threads and the ticker/maintenance tasks. */
    public void start() {
        maintenance();
        for (int i = 0; i < settings.maxConcurrent(); i++) {
            String workerId = processId + "/w" + i;
            Thread t = new Thread(() -> workLoop(workerId), "index-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleWithFixedDelay(this::maintenance, settings.lease().toSeconds(), Math.max(1, settings.lease().toSeconds() / 2),
                TimeUnit.SECONDS);
    }

    public String processId() {
        return processId;
    }

    void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Stops a job running in this process now (the store already says cancelled). */
    void cancelLocal(String jobId) {
        RunningJob r = running.get(jobId);
        if (r != null) {
            r.stop(StopReason.CANCELLED);
        }
    }

    public int runningCount() {
        return running.size();
    }

    private void workLoop(String workerId) {
        while (!stopping) {
            try {
                Optional<Job> claimed = jobs.claimNext(workerId, clock.instant());
                if (claimed.isPresent()) {
                    run(claimed.get(), workerId);
                    continue;
                }
                synchronized (wakeUp) {
                    // Poll too: jobs submitted by another process on the same store do not notify us.
                    wakeUp.wait(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Worker {} failed to claim a job; retrying", workerId, e);
                sleepQuietly(1000);
            }
        }
    }

    /** Jobs whose run here ended because the store was unreachable, with the reason; requeued once it answers. */
    private final Map<String, String> interrupted = new ConcurrentHashMap<>();

    private void run(Job job, String workerId) {
        MDC.put("job", job.id());
        MDC.put("project", job.projectName());
        RunningJob r = new RunningJob(job, workerId, clock.instant());
        running.put(job.id(), r);
        ReentrantLock projectRun = projectRuns.computeIfAbsent(job.project().id(), id -> new ReentrantLock());
        if (!projectRun.tryLock()) {
            log.info("Job {} waits for the previous job of project {} to finish unwinding", job.id(), job.projectName());
            projectRun.lock();
        }
        log.info("Job {} started (attempt {}) for {} in project {}", job.id(), job.attempt(), job.repoPath(), job.projectName());
        try {
            ProjectIndex index = chunkStore.open(job.project());
            IndexOutcome outcome = indexer.index(new IndexRequest(Path.of(job.repoPath()), job.forceReindex()), index, p -> {
                r.latest = p;
                recordMilestones(r, p);
                return r.stopReason == null;
            });
            storeProgress(r);
            boolean done = jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, outcome.statusMessage(), null, null,
                    outcome.counters(), outcome.warnings(), clock.instant());
            log.info("Job {} {}: {}", job.id(), done ? "completed" : "finished after it was cancelled", outcome.statusMessage());
        } catch (IndexingCancelledException e) {
            StopReason reason = r.stopReason == null ? StopReason.CANCELLED : r.stopReason;
            switch (reason) {
                case CANCELLED -> log.info("Job {} cancelled; committed checkpoints kept", job.id());
                case TIMEOUT -> fail(r, "Timeout", "Indexing took longer than INDEXING_JOB_TIMEOUT_SECONDS="
                        + settings.timeout().toSeconds() + (r.searchableRecorded
                                ? "; every file is searchable by keywords, and the vectors committed so far are kept: a new "
                                        + "job finishes the missing ones. "
                                : "; files committed so far are kept and a new job resumes from them. ")
                        + "Raise the limit for very large repositories.");
                case LOST -> log.warn("Job {} was taken over by another process; stopped here", job.id());
                case SHUTDOWN -> log.info("Job {} interrupted by shutdown; another start resumes it", job.id());
            }
        } catch (StoreUnavailableException e) {
            // Transient: the store went away mid-job. The job row cannot be updated now; maintenance requeues it as
            // soon as the store answers again, and the next attempt resumes from the last checkpoint.
            log.warn("Job {} interrupted: the store is unreachable; it resumes when the store is back: {}", job.id(), e.getMessage());
            interrupted.put(job.id(), e.getMessage());
        } catch (IndexingException e) {
            fail(r, e.type(), e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("Job {} failed", job.id(), e);
            fail(r, e.getClass().getSimpleName(), "Indexing failed: " + e);
        } finally {
            projectRun.unlock();
            running.remove(job.id());
            MDC.clear();
            try {
                jobs.get(job.id()).ifPresent(onFinished);
            } catch (RuntimeException e) {
                log.warn("Could not read job {} after it ended: {}", job.id(), e.getMessage());
            }
        }
    }

    /**
     * Stores a milestone the moment the indexer reports it (in the indexer's thread), with the progress of that moment,
     * so that a cancel or crash right after it cannot lose it.
     */
    private void recordMilestones(RunningJob r, Progress p) {
        boolean searchable = p.searchableAt() != null && !r.searchableRecorded;
        boolean embedded = p.embeddedAt() != null && !r.embeddedRecorded;
        if (!searchable && !embedded) {
            return;
        }
        try {
            storeProgress(r);
            jobs.recordMilestones(r.job.id(), r.workerId, p.searchableAt(), p.embeddedAt());
            r.searchableRecorded |= searchable;
            r.embeddedRecorded |= embedded;
            if (searchable) {
                log.info("Job {}: lexical index ready (searchable) at {}", r.job.id(), p.searchableAt());
            }
            if (embedded) {
                log.info("Job {}: every chunk has a vector at {}", r.job.id(), p.embeddedAt());
            }
        } catch (RuntimeException e) {
            // The ticker stores progress again; the next report retries the milestone.
            log.warn("Recording the milestones of job {} failed; will retry", r.job.id(), e);
        }
    }

    private void fail(RunningJob r, String type, String message) {
        Progress p = r.latest;
        JobCounters counters = p == null ? r.job.counters() : p.counters();
        boolean done;
        try {
            done = jobs.finish(r.job.id(), JobStatus.RUNNING, JobStatus.FAILED, "Failed: " + message, message, type,
                    counters, null, clock.instant());
        } catch (RuntimeException e) {
            // Cannot record the failure (store unreachable): resume the job later rather than leave it running.
            log.warn("Job {} failed ({}) but the failure could not be stored ({}); it resumes when the store is back",
                    r.job.id(), type, e.getMessage());
            interrupted.put(r.job.id(), message + " (and the store was unreachable: " + e.getMessage() + ")");
            return;
        }
        log.warn("Job {} failed ({}): {}{}", r.job.id(), type, message, done ? "" : " [job was no longer running]");
    }

    /**
     * Every second: store progress + heartbeat of running jobs; stop those cancelled elsewhere or past the timeout;
     * requeue jobs a store outage interrupted here as soon as the store answers again.
     */
    private void tick() {
        if (!interrupted.isEmpty()) {
            maintenance();
        }
        for (RunningJob r : running.values()) {
            try {
                Instant now = clock.instant();
                if (Duration.between(r.startedAt, now).compareTo(settings.timeout()) > 0) {
                    r.stop(StopReason.TIMEOUT);
                }
                boolean due = r.lastStored == null
                        || Duration.between(r.lastStored, now).compareTo(settings.progressInterval()) >= 0;
                boolean stillOurs;
                if (due) {
                    stillOurs = storeProgress(r);
                    r.lastStored = now;
                } else {
                    // Between progress writes, still look at the store every second so a cancel from another
                    // process (or another session) is observed within a second.
                    Job current = jobs.get(r.job.id()).orElse(null);
                    stillOurs = current != null && current.status() == JobStatus.RUNNING && r.workerId.equals(current.workerId());
                }
                if (!stillOurs && r.stopReason == null) {
                    Job current = jobs.get(r.job.id()).orElse(null);
                    r.stop(current != null && current.status() == JobStatus.CANCELLED ? StopReason.CANCELLED : StopReason.LOST);
                }
            } catch (RuntimeException e) {
                log.warn("Progress update of job {} failed", r.job.id(), e);
            }
        }
    }

    private boolean storeProgress(RunningJob r) {
        Progress p = r.latest;
        Instant now = clock.instant();
        if (p == null) {
            return jobs.updateProgress(r.job.id(), r.workerId, JobPhase.SCANNING, 0, "Starting", r.job.counters(), null, now);
        }
        return jobs.updateProgress(r.job.id(), r.workerId, p.phase(), p.percentage(), p.message(), p.counters(), p.etaSeconds(), now);
    }

    /** Requeues or fails jobs whose process died; deletes finished jobs past retention. */
    private void maintenance() {
        try {
            Instant now = clock.instant();
            Instant staleBefore = now.minus(settings.lease());
            // All running jobs: those past the lease, and those whose worker process on this host is known dead
            // (reclaimed at once instead of after the lease, e.g. a server restarted after a kill).
            for (Job stale : jobs.staleRunning(now)) {
                if (running.containsKey(stale.id())) {
                    continue; // ours and alive; the ticker is just late
                }
                boolean expired = stale.heartbeatAt() == null || stale.heartbeatAt().isBefore(staleBefore);
                String outage = interrupted.remove(stale.id());
                if (outage != null && stale.attempt() < settings.maxAttempts()) {
                    // Our own run of it ended on a store outage; the store answers again, so resume it now.
                    if (jobs.requeueStale(stale.id(), stale.heartbeatAt(), "Resuming after the store was unreachable: "
                            + outage, now)) {
                        log.info("Job {} requeued after a store outage", stale.id());
                        wakeUp();
                    }
                    continue;
                }
                if (!expired && !WorkerIds.isDeadLocalProcess(stale.workerId())) {
                    continue;
                }
                if (stale.attempt() >= settings.maxAttempts()) {
                    jobs.finish(stale.id(), JobStatus.RUNNING, JobStatus.FAILED, "Failed: the indexing process died "
                            + stale.attempt() + " times", "The process running this job stopped (crash or kill) " + stale.attempt()
                            + " times; giving up. Files committed so far are searchable; start a new job to continue.",
                            "WorkerDied", stale.counters(), null, now);
                    log.warn("Job {} failed after {} attempts", stale.id(), stale.attempt());
                } else if (jobs.requeueStale(stale.id(), stale.heartbeatAt(), "Resuming: the process running this job stopped "
                        + "(no heartbeat since " + stale.heartbeatAt() + ")", now)) {
                    log.info("Job {} requeued after its worker {} stopped heartbeating", stale.id(), stale.workerId());
                    wakeUp();
                }
            }
            if (settings.retention() != null) {
                int deleted = jobs.deleteFinishedBefore(now.minus(settings.retention()));
                if (deleted > 0) {
                    log.info("Deleted {} finished jobs older than {}", deleted, settings.retention());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Job maintenance failed; will retry", e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        for (RunningJob r : running.values()) {
            r.stop(StopReason.SHUTDOWN);
        }
        wakeUp();
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ticker.shutdownNow();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    enum StopReason { CANCELLED, TIMEOUT, LOST, SHUTDOWN }

    private static final class RunningJob {
        final Job job;
        final String workerId;
        final Instant startedAt;
        volatile Progress latest;
        volatile StopReason stopReason;
        volatile Instant lastStored;
        /** Only touched by the indexing thread. */
        boolean searchableRecorded;
        boolean embeddedRecorded;

        RunningJob(Job job, String workerId, Instant startedAt) {
            this.job = job;
            this.workerId = workerId;
            this.startedAt = startedAt;
        }

        void stop(StopReason reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
    }
}
