package dev.codebasemcp.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.Indexer;
import dev.codebasemcp.indexing.IndexerOptions;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.indexing.embed.UncachedDocumentEmbeddings;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.store.JobStore;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.StoreUnavailableException;
import dev.codebasemcp.store.embedded.LuceneChunkStore;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job system against the real SQLite control plane and Lucene data plane. */
class JobWorkersTest {

    @TempDir
    Path tmp;
    SqliteControlPlane control;
    LuceneChunkStore chunks;
    JobWorkers workers;
    JobService jobs;
    ProjectRef project;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        control = new SqliteControlPlane(tmp.resolve("registry.db"), Clock.systemUTC());
        chunks = new LuceneChunkStore(tmp.resolve("projects"));
        project = control.registry().getOrCreate(ProjectSpec.named("demo"));
        repo = Files.createDirectories(tmp.resolve("repo"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(repo.resolve("F" + i + ".java"), "class F" + i + " { int v() { return " + i + "; } }\n");
        }
    }

    private void startWorkers(Duration timeout) {
        startWorkers(timeout, chunks);
    }

    private void startWorkers(Duration timeout, ChunkStore chunkStore) {
        Indexer indexer = new Indexer(new RepositoryScanner(1 << 20), new Chunker(), new UncachedDocumentEmbeddings(new HashingEmbedder(32), 8),
                IndexerOptions.defaults(1L << 30), Clock.systemUTC());
        workers = new JobWorkers(control.jobs(), chunkStore, indexer,
                new JobSettings(2, timeout, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofDays(7)),
                Clock.systemUTC(), j -> { });
        jobs = new JobService(control.jobs(), workers, Clock.systemUTC());
        workers.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (workers != null) {
            workers.close();
        }
        chunks.close();
        control.close();
    }

    private Job await(String id) throws InterruptedException {
        return jobs.await(id, Duration.ofSeconds(60), j -> { });
    }

    @Test
    void submit_runsToCompletedWithCounters() throws Exception {
        startWorkers(Duration.ofHours(1));
        JobService.Submission s = jobs.submit(project, repo.toString(), false);
        assertThat(s.deduplicated()).isFalse();
        Job done = await(s.job().id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.counters().filesIndexed()).isEqualTo(5);
        assertThat(done.completedAt()).isNotNull();
        assertThat(chunks.open(project).stats().files()).isEqualTo(5);
        // Both milestones are recorded on the job, in order, within the run.
        assertThat(done.searchableAt()).isNotNull().isAfterOrEqualTo(done.startedAt());
        assertThat(done.embeddedAt()).isNotNull().isAfterOrEqualTo(done.searchableAt()).isBeforeOrEqualTo(done.completedAt());
        assertThat(done.counters().embeddingsPending()).isZero();
        assertThat(done.counters().embeddingsComputed()).isEqualTo(done.counters().chunksCreated());
        assertThat(chunks.open(project).countChunksWithoutVectors()).isZero();
    }

    @Test
    void storeOutageMidJob_resumesOnceTheStoreAnswers_withAMessageSayingSo() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        ChunkStore flaky = new ChunkStore() {
            @Override
            public ProjectIndex open(ProjectRef p) {
                if (opens.incrementAndGet() == 1) {
                    throw new StoreUnavailableException("cannot reach database " + p.databaseName() + " (test outage)", null);
                }
                return chunks.open(p);
            }

            @Override
            public boolean exists(ProjectRef p) {
                return chunks.exists(p);
            }

            @Override
            public void close() {}
        };
        startWorkers(Duration.ofHours(1), flaky);
        Job done = await(jobs.submit(project, repo.toString(), false).job().id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(opens.get()).isEqualTo(2);
        assertThat(chunks.open(project).stats().files()).isEqualTo(5);
        // Requeued by its own process as soon as the store answered, not after the 30 s lease.
        assertThat(Duration.between(done.createdAt(), done.completedAt())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void indexerFailure_endsFailedNeverCompleted() throws Exception {
        startWorkers(Duration.ofHours(1));
        // A plain file where the project's data plane directory must be: opening the index fails.
        ProjectRef broken = control.registry().getOrCreate(ProjectSpec.named("broken"));
        Files.createDirectories(tmp.resolve("projects"));
        Files.writeString(tmp.resolve("projects").resolve(broken.databaseName()), "x");
        Job done = await(jobs.submit(broken, repo.toString(), false).job().id());
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).isNotBlank();
        assertThat(done.errorType()).isNotBlank();
    }

    @Test
    void jobPastItsTimeout_fails() throws Exception {
        startWorkers(Duration.ZERO);
        Job done = await(jobs.submit(project, repo.toString(), false).job().id());
        // With a zero timeout the ticker stops the run at its first check, unless it finished first.
        assertThat(done.status()).isIn(JobStatus.FAILED, JobStatus.COMPLETED);
        if (done.status() == JobStatus.FAILED) {
            assertThat(done.errorType()).isEqualTo("Timeout");
        }
    }

    @Test
    void cancelFinishedJob_isAnErrorNamingItsState() throws Exception {
        startWorkers(Duration.ofHours(1));
        Job done = await(jobs.submit(project, repo.toString(), false).job().id());
        assertThatThrownBy(() -> jobs.cancel(done.id())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already completed");
    }

    @Test
    void cancelPendingJob_neverRuns() {
        // No workers started: the job stays pending until cancelled.
        Indexer indexer = new Indexer(new RepositoryScanner(1 << 20), new Chunker(), new UncachedDocumentEmbeddings(new HashingEmbedder(32), 8),
                IndexerOptions.defaults(1L << 30), Clock.systemUTC());
        JobWorkers idle = new JobWorkers(control.jobs(), chunks, indexer,
                new JobSettings(1, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 3, null), Clock.systemUTC(), j -> { });
        JobService service = new JobService(control.jobs(), idle, Clock.systemUTC());
        Job pending = service.submit(project, repo.toString(), false).job();
        assertThat(service.submit(project, repo.toString(), false).deduplicated()).isTrue();
        Job cancelled = service.cancel(pending.id());
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isNotNull();
    }

    /**
     * A job started right after cancelling another on the same project must not lose its writes to the cancelled run's
     * rollback (seen in the benchmark: "unknown repository id" on the new job). The index below makes the interleaving
     * certain: the cancelled job rolls back only once the new job has staged a file, unless the new job is held back
     * until the cancelled one has finished unwinding, which is the fix.
     */
    @Test
    void jobStartedWhileACancelledOneUnwinds_keepsItsWrites() throws Exception {
        CountDownLatch aWriting = new CountDownLatch(1);
        CountDownLatch aMayGoOn = new CountDownLatch(1);
        CountDownLatch bStaged = new CountDownLatch(1);
        CountDownLatch aRolledBack = new CountDownLatch(1);
        AtomicBoolean firstWrite = new AtomicBoolean(true);
        AtomicBoolean firstRollback = new AtomicBoolean(true);
        ChunkStore interleaving = new ChunkStore() {
            @Override
            public ProjectIndex open(ProjectRef p) {
                ProjectIndex real = chunks.open(p);
                return (ProjectIndex) Proxy.newProxyInstance(ProjectIndex.class.getClassLoader(), new Class<?>[] {ProjectIndex.class},
                        (proxy, method, args) -> {
                            boolean rollback = method.getName().equals("rollback") && firstRollback.getAndSet(false);
                            if (rollback) {
                                bStaged.await(2, TimeUnit.SECONDS);
                            }
                            boolean write = method.getName().equals("replaceFile");
                            boolean aWrite = write && firstWrite.getAndSet(false);
                            if (aWrite) {
                                aWriting.countDown();
                                aMayGoOn.await(10, TimeUnit.SECONDS);
                            }
                            Object result;
                            try {
                                result = method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (rollback) {
                                aRolledBack.countDown();
                            } else if (write && !aWrite) {
                                bStaged.countDown();
                                aRolledBack.await(2, TimeUnit.SECONDS);
                            }
                            return result;
                        });
            }

            @Override
            public boolean exists(ProjectRef p) {
                return chunks.exists(p);
            }

            @Override
            public void close() {}
        };
        startWorkers(Duration.ofHours(1), interleaving);
        String a = jobs.submit(project, repo.toString(), true).job().id();
        assertThat(aWriting.await(30, TimeUnit.SECONDS)).isTrue();
        jobs.cancel(a);
        String b = jobs.submit(project, repo.toString(), true).job().id();
        assertThat(b).isNotEqualTo(a);
        aMayGoOn.countDown();
        assertThat(await(a).status()).isEqualTo(JobStatus.CANCELLED);
        Job done = await(b);
        assertThat(done.status()).as(done.statusMessage()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.counters().filesIndexed()).isEqualTo(5);
        assertThat(chunks.open(project).stats().files()).isEqualTo(5);
    }

    @Test
    void jobOfADeadProcess_isResumedToCompleted() throws Exception {
        JobStore store = control.jobs();
        Job created = store.createOrGetActive(project, repo.toRealPath().toString(), false, Instant.now()).job();
        // A "process" claimed it ten minutes ago and never heartbeated again.
        Job claimed = store.claimNext("dead-process/w0", Instant.now().minus(Duration.ofMinutes(10))).orElseThrow();
        assertThat(claimed.id()).isEqualTo(created.id());
        startWorkers(Duration.ofHours(1));
        Job done = await(created.id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
    }

    @Test
    void validateRepoPath_rejectsBadPaths() throws Exception {
        assertThatThrownBy(() -> JobService.validateRepoPath("rel/dir")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> JobService.validateRepoPath(tmp.resolve("nope").toString())).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> JobService.validateRepoPath(repo.resolve("F0.java").toString())).hasMessageContaining("is a file");
        assertThatThrownBy(() -> JobService.validateRepoPath("")).hasMessageContaining("required");
        assertThat(JobService.validateRepoPath(repo + "/./")).isEqualTo(repo.toRealPath());
    }
}
