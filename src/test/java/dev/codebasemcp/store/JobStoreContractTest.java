package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.JobStore.CreateResult;
import dev.codebasemcp.store.JobStore.JobPage;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link JobStore} contract every store adapter must pass. Time is passed explicitly (whole seconds, so every
 * store keeps it exactly); nothing sleeps. Subclasses give each test a fresh, empty store.
 */
public abstract class JobStoreContractTest {

    protected static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");
    private static final JobCounters SOME = new JobCounters(10, 20, 7, 2, 1, 3, 40, 5, 30, 10, 17);

    /** See {@link RegistryContractTest#openControlPlane()}: fresh store first, the same store on later calls. */
    protected abstract ControlPlaneHandle openControlPlane();

    protected JobStore jobs;
    protected ProjectRef alpha;
    protected ProjectRef beta;

    @BeforeEach
    void openStore() {
        ControlPlaneHandle handle = openControlPlane();
        jobs = handle.jobs();
        alpha = handle.registry().getOrCreate(ProjectSpec.named("alpha"));
        beta = handle.registry().getOrCreate(ProjectSpec.named("beta"));
    }

    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    protected Job create(ProjectRef project, String repo, long second) {
        return jobs.createOrGetActive(project, repo, false, at(second)).job();
    }

    protected Job running(ProjectRef project, String repo, String worker, long second) {
        Job job = create(project, repo, second);
        Job claimed = jobs.claimNext(worker, at(second)).orElseThrow();
        assertThat(claimed.id()).isEqualTo(job.id());
        return claimed;
    }

    private Job reload(Job job) {
        return jobs.get(job.id()).orElseThrow();
    }

    // --- create -----------------------------------------------------------------------------------------------

    @Test
    void createOrGetActive_newRepo_insertsPendingJob() {
        CreateResult result = jobs.createOrGetActive(alpha, "/repos/a", true, at(0));

        Job job = result.job();
        assertThat(result.created()).isTrue();
        assertThat(UUID.fromString(job.id()).toString()).isEqualTo(job.id());
        assertThat(job.project()).isEqualTo(alpha);
        assertThat(job.repoPath()).isEqualTo("/repos/a");
        assertThat(job.forceReindex()).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(job.progressPercentage()).isZero();
        assertThat(job.counters()).isEqualTo(JobCounters.ZERO);
        assertThat(job.warnings()).isEmpty();
        assertThat(job.createdAt()).isEqualTo(at(0));
        assertThat(job.startedAt()).isNull();
        assertThat(job.completedAt()).isNull();
        assertThat(job.heartbeatAt()).isNull();
        assertThat(job.workerId()).isNull();
        assertThat(job.attempt()).isZero();
        assertThat(jobs.get(job.id())).contains(job);
    }

    @Test
    void createOrGetActive_whilePendingOrRunning_returnsTheActiveJob() {
        Job pending = create(alpha, "/repos/a", 0);

        CreateResult again = jobs.createOrGetActive(alpha, "/repos/a", true, at(1));
        assertThat(again.created()).isFalse();
        assertThat(again.job()).isEqualTo(pending);

        Job claimed = jobs.claimNext("w1", at(2)).orElseThrow();
        CreateResult whileRunning = jobs.createOrGetActive(alpha, "/repos/a", false, at(3));
        assertThat(whileRunning.created()).isFalse();
        assertThat(whileRunning.job()).isEqualTo(claimed);
    }

    @Test
    void createOrGetActive_afterTheActiveJobFinished_createsANewJob() {
        Job first = running(alpha, "/repos/a", "w1", 0);
        assertThat(jobs.finish(first.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, at(1))).isTrue();

        CreateResult next = jobs.createOrGetActive(alpha, "/repos/a", false, at(2));

        assertThat(next.created()).isTrue();
        assertThat(next.job().id()).isNotEqualTo(first.id());
    }

    @Test
    void createOrGetActive_otherRepoOrOtherProject_createsSeparateJobs() {
        Job a = create(alpha, "/repos/a", 0);
        Job b = create(alpha, "/repos/b", 1);
        Job c = create(beta, "/repos/a", 2);

        assertThat(new HashSet<>(List.of(a.id(), b.id(), c.id()))).hasSize(3);
    }

    @Test
    void createOrGetActive_eightRacingCallersOnTwoHandles_createOneJob() throws Exception {
        JobStore other = openControlPlane().jobs();

        List<CreateResult> results = Concurrently.run(8,
                i -> (i % 2 == 0 ? jobs : other).createOrGetActive(alpha, "/repos/raced", false, at(i)));

        assertThat(results).filteredOn(CreateResult::created).hasSize(1);
        assertThat(results).extracting(r -> r.job().id()).containsOnly(results.getFirst().job().id());
    }

    @Test
    void createOrGetActive_projectNotInRegistry_throwsInvalidInput() {
        ProjectRef ghost = new ProjectRef(UUID.randomUUID().toString(), "ghost", "cb_proj_ghost_0123abcd");

        assertThatThrownBy(() -> jobs.createOrGetActive(ghost, "/repos/a", false, at(0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ghost");
    }

    @Test
    void get_unknownJob_returnsEmpty() {
        assertThat(jobs.get(UUID.randomUUID().toString())).isEmpty();
    }

    // --- claim ------------------------------------------------------------------------------------------------

    @Test
    void claimNext_nothingPending_returnsEmpty() {
        assertThat(jobs.claimNext("w1", at(0))).isEmpty();
    }

    @Test
    void claimNext_pendingJob_movesItToRunningForThisWorker() {
        Job job = create(alpha, "/repos/a", 0);

        Job claimed = jobs.claimNext("w1", at(5)).orElseThrow();

        assertThat(claimed.id()).isEqualTo(job.id());
        assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.workerId()).isEqualTo("w1");
        assertThat(claimed.startedAt()).isEqualTo(at(5));
        assertThat(claimed.heartbeatAt()).isEqualTo(at(5));
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(reload(job)).isEqualTo(claimed);
        assertThat(jobs.claimNext("w2", at(6))).isEmpty();
    }

    @Test
    void claimNext_claimsOldestPendingFirst() {
        Job older = create(alpha, "/repos/old", 0);
        Job newer = create(beta, "/repos/new", 1);

        assertThat(jobs.claimNext("w1", at(2))).map(Job::id).contains(older.id());
        assertThat(jobs.claimNext("w2", at(2))).map(Job::id).contains(newer.id());
    }

    @Test
    void claimNext_projectWithARunningJob_isSkippedUntilItFinishes() {
        Job first = running(alpha, "/repos/a", "w1", 0);
        Job sameProject = create(alpha, "/repos/b", 1);
        Job otherProject = create(beta, "/repos/c", 2);

        assertThat(jobs.claimNext("w2", at(3))).map(Job::id).contains(otherProject.id());
        assertThat(jobs.claimNext("w3", at(3))).isEmpty();

        jobs.finish(first.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, at(4));
        assertThat(jobs.claimNext("w3", at(5))).map(Job::id).contains(sameProject.id());
    }

    @Test
    void claimNext_racingWorkersOnTwoHandles_claimEachJobOnce() throws Exception {
        JobStore other = openControlPlane().jobs();
        ProjectRef[] projects = {alpha, beta};
        for (int i = 0; i < 6; i++) {
            create(projects[i % 2], "/repos/" + i, i);
        }

        List<Optional<Job>> claims = Concurrently.run(8, i -> (i % 2 == 0 ? jobs : other).claimNext("w" + i, at(10)));

        // one job per project at a time: exactly two claims succeed, one per project
        List<Job> won = claims.stream().flatMap(Optional::stream).toList();
        assertThat(won).hasSize(2);
        assertThat(won).extracting(Job::projectId).containsExactlyInAnyOrder(alpha.id(), beta.id());
        assertThat(jobs.list(JobStatus.RUNNING, null, null, 100, 0).totalCount()).isEqualTo(2);
    }

    // --- progress ---------------------------------------------------------------------------------------------

    @Test
    void updateProgress_byOwnerWhileRunning_recordsProgressAndHeartbeat() {
        Job job = running(alpha, "/repos/a", "w1", 0);

        assertThat(jobs.updateProgress(job.id(), "w1", JobPhase.EMBEDDING, 42.5, "embedding 30/70", SOME, 12L, at(7))).isTrue();

        Job after = reload(job);
        assertThat(after.phase()).isEqualTo(JobPhase.EMBEDDING);
        assertThat(after.progressPercentage()).isEqualTo(42.5);
        assertThat(after.progressMessage()).isEqualTo("embedding 30/70");
        assertThat(after.counters()).isEqualTo(SOME);
        assertThat(after.etaSeconds()).isEqualTo(12L);
        assertThat(after.heartbeatAt()).isEqualTo(at(7));
        assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void updateProgress_byAnotherWorker_returnsFalseAndChangesNothing() {
        Job job = running(alpha, "/repos/a", "w1", 0);

        assertThat(jobs.updateProgress(job.id(), "intruder", JobPhase.WRITING, 90, "x", SOME, null, at(7))).isFalse();
        assertThat(reload(job)).isEqualTo(job);
    }

    @Test
    void updateProgress_pendingJob_returnsFalse() {
        Job job = create(alpha, "/repos/a", 0);

        assertThat(jobs.updateProgress(job.id(), "w1", JobPhase.SCANNING, 1, "x", SOME, null, at(1))).isFalse();
        assertThat(reload(job)).isEqualTo(job);
    }

    @Test
    void updateProgress_afterCancelFromAnotherHandle_returnsFalse() {
        JobStore other = openControlPlane().jobs();
        Job job = running(alpha, "/repos/a", "w1", 0);

        assertThat(other.finish(job.id(), JobStatus.RUNNING, JobStatus.CANCELLED, "cancelled by user", null, null, null, null, at(3))).isTrue();

        assertThat(jobs.updateProgress(job.id(), "w1", JobPhase.WRITING, 50, "x", SOME, null, at(4))).isFalse();
        Job cancelled = reload(job);
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(at(3));
        assertThat(cancelled.completedAt()).isEqualTo(at(3));
        assertThat(cancelled.counters()).isEqualTo(JobCounters.ZERO);
    }

    // --- milestones -------------------------------------------------------------------------------------------

    @Test
    void recordMilestones_byOwner_setsEachOnce_andTheyOutliveTheJob() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        assertThat(job.searchableAt()).isNull();
        assertThat(job.embeddedAt()).isNull();

        assertThat(jobs.recordMilestones(job.id(), "w1", at(40), null)).isTrue();
        assertThat(reload(job).searchableAt()).isEqualTo(at(40));
        assertThat(reload(job).embeddedAt()).isNull();
        // A later report does not move a recorded milestone.
        assertThat(jobs.recordMilestones(job.id(), "w1", at(90), at(300))).isTrue();
        Job after = reload(job);
        assertThat(after.searchableAt()).isEqualTo(at(40));
        assertThat(after.embeddedAt()).isEqualTo(at(300));

        assertThat(jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, "done", null, null, SOME, null, at(301))).isTrue();
        Job done = reload(job);
        assertThat(done.searchableAt()).isEqualTo(at(40));
        assertThat(done.embeddedAt()).isEqualTo(at(300));
        assertThat(done.counters().embeddingsPending()).isEqualTo(17);
        assertThat(jobs.list(null, alpha.id(), null, 5, 0).jobs().getFirst().searchableAt()).isEqualTo(at(40));
    }

    @Test
    void recordMilestones_belongToTheAttempt_aRequeuedJobStartsWithout() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        assertThat(jobs.recordMilestones(job.id(), "w1", at(40), null)).isTrue();
        assertThat(jobs.requeueStale(job.id(), job.heartbeatAt(), "worker died", at(200))).isTrue();
        Job again = jobs.claimNext("w2", at(300)).orElseThrow();
        assertThat(again.searchableAt()).isNull();
        assertThat(again.startedAt()).isEqualTo(at(300));
        assertThat(jobs.recordMilestones(job.id(), "w2", at(310), null)).isTrue();
        assertThat(reload(job).searchableAt()).isEqualTo(at(310));
    }

    @Test
    void recordMilestones_notOwnerOrNotRunning_returnsFalseAndChangesNothing() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        Job pending = create(beta, "/repos/b", 1);
        assertThat(jobs.recordMilestones(pending.id(), "w1", at(1), at(2))).isFalse();
        assertThat(reload(pending)).isEqualTo(pending);
        assertThat(jobs.recordMilestones(job.id(), "intruder", at(1), null)).isFalse();
        assertThat(jobs.recordMilestones(job.id(), "w1", null, null)).isFalse();
        assertThat(reload(job)).isEqualTo(job);
        assertThat(jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.CANCELLED, "cancelled", null, null, null, null, at(3))).isTrue();
        assertThat(jobs.recordMilestones(job.id(), "w1", at(4), null)).isFalse();
        assertThat(reload(job).searchableAt()).isNull();
        assertThat(jobs.recordMilestones("00000000-0000-0000-0000-00000000abcd", "w1", at(4), null)).isFalse();
    }

    // --- finish -----------------------------------------------------------------------------------------------

    @Test
    void finish_completed_recordsOutcomeCountersAndWarnings() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        List<String> warnings = List.of("src/big.bin: binary file skipped", "naïve/ü.txt: \"quoted\"\nnext line");

        assertThat(jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, "indexed 7 files", null, null, SOME, warnings, at(9))).isTrue();

        Job done = reload(job);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.statusMessage()).isEqualTo("indexed 7 files");
        assertThat(done.counters()).isEqualTo(SOME);
        assertThat(done.warnings()).isEqualTo(warnings);
        assertThat(done.completedAt()).isEqualTo(at(9));
        assertThat(done.cancelledAt()).isNull();
        assertThat(done.errorMessage()).isNull();
    }

    @Test
    void finish_failed_recordsErrorAndKeepsCountersWhenNoneGiven() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        jobs.updateProgress(job.id(), "w1", JobPhase.CHUNKING, 10, "chunking", SOME, null, at(1));

        assertThat(jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.FAILED, null, "disk full", "IOException", null, null, at(2))).isTrue();

        Job failed = reload(job);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorMessage()).isEqualTo("disk full");
        assertThat(failed.errorType()).isEqualTo("IOException");
        assertThat(failed.counters()).isEqualTo(SOME);
        assertThat(failed.completedAt()).isEqualTo(at(2));
    }

    @Test
    void finish_nullWarnings_keepStoredOnes_nonNullReplaceThem() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        Job other = running(beta, "/repos/b", "w2", 1);

        jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, at(2));
        jobs.finish(other.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, List.of(), at(2));

        assertThat(reload(job).warnings()).isEmpty();
        assertThat(reload(other).warnings()).isEmpty();
    }

    @Test
    void finish_cancelPendingJob_setsCancelledAndIsNeverClaimed() {
        Job job = create(alpha, "/repos/a", 0);

        assertThat(jobs.finish(job.id(), JobStatus.PENDING, JobStatus.CANCELLED, "cancelled", null, null, null, null, at(1))).isTrue();

        Job cancelled = reload(job);
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(at(1));
        assertThat(jobs.claimNext("w1", at(2))).isEmpty();
    }

    @Test
    void finish_expectedStateDoesNotMatch_returnsFalseAndChangesNothing() {
        Job job = create(alpha, "/repos/a", 0);

        assertThat(jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, SOME, null, at(1))).isFalse();
        assertThat(reload(job)).isEqualTo(job);
    }

    @Test
    void finish_unknownJob_returnsFalse() {
        assertThat(jobs.finish(UUID.randomUUID().toString(), JobStatus.PENDING, JobStatus.CANCELLED, null, null, null, null, null, at(0))).isFalse();
    }

    /** Puts a job into {@code state} through the store's own API. */
    private Job jobIn(JobStatus state) {
        Job job = create(alpha, "/repos/" + state, 0);
        if (state == JobStatus.PENDING) {
            return job;
        }
        jobs.claimNext("w1", at(1)).orElseThrow();
        if (state != JobStatus.RUNNING) {
            assertThat(jobs.finish(job.id(), JobStatus.RUNNING, state, null, null, null, null, null, at(2))).isTrue();
        }
        return reload(job);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void finish_everyBackwardOrSidewaysMove_isRefusedAndChangesNothing(JobStatus from) {
        Job job = jobIn(from);

        for (JobStatus to : JobStatus.values()) {
            if (!from.canMoveTo(to)) {
                assertThat(jobs.finish(job.id(), from, to, "x", "x", "x", SOME, List.of("x"), at(3)))
                        .as("%s -> %s", from, to).isFalse();
            }
        }
        assertThat(reload(job)).isEqualTo(job);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
    void finishedJob_cannotRunProgressOrRequeueAgain(JobStatus terminal) {
        Job job = jobIn(terminal);

        assertThat(jobs.claimNext("w2", at(4))).isEmpty();
        assertThat(jobs.updateProgress(job.id(), "w1", JobPhase.WRITING, 50, "x", SOME, null, at(4))).isFalse();
        assertThat(jobs.requeueStale(job.id(), at(1), "stale", at(4))).isFalse();
        for (JobStatus to : EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)) {
            assertThat(jobs.finish(job.id(), terminal, to, null, null, null, null, null, at(4))).isFalse();
        }
        assertThat(reload(job)).isEqualTo(job);
    }

    // --- list -------------------------------------------------------------------------------------------------

    @Test
    void list_filtersPagesNewestFirstAndCountsAllMatches() {
        Job a1 = create(alpha, "/repos/a", 0);
        Job b1 = create(beta, "/repos/a", 1);
        Job a2 = create(alpha, "/repos/b", 2);
        Job a3 = create(alpha, "/repos/c", 3);
        jobs.finish(a1.id(), JobStatus.PENDING, JobStatus.CANCELLED, null, null, null, null, null, at(4));

        JobPage all = jobs.list(null, null, null, 10, 0);
        assertThat(all.jobs()).extracting(Job::id).containsExactly(a3.id(), a2.id(), b1.id(), a1.id());
        assertThat(all.totalCount()).isEqualTo(4);

        JobPage page2 = jobs.list(null, null, null, 2, 2);
        assertThat(page2.jobs()).extracting(Job::id).containsExactly(b1.id(), a1.id());
        assertThat(page2.totalCount()).isEqualTo(4);

        assertThat(jobs.list(null, alpha.id(), null, 10, 0).jobs()).extracting(Job::id).containsExactly(a3.id(), a2.id(), a1.id());
        assertThat(jobs.list(null, null, "/repos/a", 10, 0).jobs()).extracting(Job::id).containsExactly(b1.id(), a1.id());
        assertThat(jobs.list(JobStatus.CANCELLED, null, null, 10, 0).jobs()).extracting(Job::id).containsExactly(a1.id());
        JobPage combined = jobs.list(JobStatus.PENDING, alpha.id(), "/repos/b", 10, 0);
        assertThat(combined.jobs()).extracting(Job::id).containsExactly(a2.id());
        assertThat(combined.totalCount()).isEqualTo(1);
    }

    @Test
    void list_offsetPastTheEnd_returnsNoJobsButTheTotal() {
        create(alpha, "/repos/a", 0);
        create(alpha, "/repos/b", 1);

        JobPage page = jobs.list(null, null, null, 5, 10);

        assertThat(page.jobs()).isEmpty();
        assertThat(page.totalCount()).isEqualTo(2);
    }

    @Test
    void list_noMatches_returnsEmptyPage() {
        create(alpha, "/repos/a", 0);

        assertThat(jobs.list(JobStatus.FAILED, null, null, 5, 0)).isEqualTo(new JobPage(List.of(), 0));
        assertThat(jobs.list(null, UUID.randomUUID().toString(), null, 5, 0).totalCount()).isZero();
    }

    // --- crash recovery and retention ---------------------------------------------------------------------------

    @Test
    void staleRunning_returnsOnlyRunningJobsWhoseHeartbeatIsOlderThanTheCutoff() {
        Job stale = running(alpha, "/repos/a", "w1", 0);
        Job fresh = running(beta, "/repos/b", "w2", 0);
        jobs.updateProgress(fresh.id(), "w2", JobPhase.SCANNING, 5, "scanning", SOME, null, at(100));
        create(alpha, "/repos/pending", 0);

        assertThat(jobs.staleRunning(at(60))).extracting(Job::id).containsExactly(stale.id());
        assertThat(jobs.staleRunning(at(0))).isEmpty();
    }

    @Test
    void requeueStale_movesBackToPendingKeepingCountersAndRecordingTheReason() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        jobs.updateProgress(job.id(), "w1", JobPhase.EMBEDDING, 40, "embedding", SOME, 30L, at(10));
        Job observed = jobs.staleRunning(at(100)).getFirst();

        assertThat(jobs.requeueStale(job.id(), observed.heartbeatAt(), "worker w1 stopped heartbeating", at(200))).isTrue();

        Job requeued = reload(job);
        assertThat(requeued.status()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.workerId()).isNull();
        assertThat(requeued.counters()).isEqualTo(SOME);
        assertThat(requeued.progressMessage()).contains("worker w1 stopped heartbeating");
        assertThat(requeued.attempt()).isEqualTo(1);
        assertThat(jobs.updateProgress(job.id(), "w1", JobPhase.WRITING, 50, "x", SOME, null, at(201))).isFalse();

        Job again = jobs.claimNext("w2", at(300)).orElseThrow();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.workerId()).isEqualTo("w2");
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.counters()).isEqualTo(SOME);
    }

    @Test
    void requeueStale_heartbeatMovedOnSinceObserved_returnsFalse() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        Job observed = jobs.staleRunning(at(100)).getFirst();
        jobs.updateProgress(job.id(), "w1", JobPhase.SCANNING, 1, "alive after all", SOME, null, at(101));

        assertThat(jobs.requeueStale(job.id(), observed.heartbeatAt(), "stale", at(102))).isFalse();
        assertThat(reload(job).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(reload(job).workerId()).isEqualTo("w1");
    }

    @Test
    void requeueStale_pendingJob_returnsFalse() {
        Job job = create(alpha, "/repos/a", 0);

        assertThat(jobs.requeueStale(job.id(), at(0), "stale", at(10))).isFalse();
        assertThat(reload(job)).isEqualTo(job);
    }

    @Test
    void deleteFinishedBefore_deletesOnlyTerminalJobsCompletedBeforeTheCutoff() {
        Job oldDone = running(alpha, "/repos/a", "w1", 0);
        jobs.finish(oldDone.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, at(10));
        Job oldFailed = create(beta, "/repos/b", 0);
        jobs.finish(oldFailed.id(), JobStatus.PENDING, JobStatus.FAILED, null, "bad", "X", null, null, at(20));
        Job recent = create(alpha, "/repos/c", 0);
        jobs.finish(recent.id(), JobStatus.PENDING, JobStatus.CANCELLED, null, null, null, null, null, at(100));
        Job oldRunning = running(beta, "/repos/e", "w2", 0);
        Job oldPending = create(alpha, "/repos/d", 0);

        assertThat(jobs.deleteFinishedBefore(at(50))).isEqualTo(2);

        assertThat(jobs.get(oldDone.id())).isEmpty();
        assertThat(jobs.get(oldFailed.id())).isEmpty();
        assertThat(jobs.get(recent.id())).isPresent();
        assertThat(jobs.get(oldPending.id())).isPresent();
        assertThat(jobs.get(oldRunning.id())).isPresent();
        assertThat(jobs.deleteFinishedBefore(at(50))).isZero();
    }

    // --- several processes --------------------------------------------------------------------------------------

    @Test
    void twoHandles_seeEachOthersWrites() {
        ControlPlaneHandle other = openControlPlane();

        Job created = create(alpha, "/repos/a", 0);
        assertThat(other.jobs().get(created.id())).contains(created);

        Job claimed = other.jobs().claimNext("w-other", at(1)).orElseThrow();
        assertThat(jobs.get(created.id())).contains(claimed);

        other.jobs().updateProgress(created.id(), "w-other", JobPhase.WRITING, 80, "writing", SOME, 2L, at(2));
        assertThat(jobs.get(created.id()).orElseThrow().progressPercentage()).isEqualTo(80);
        assertThat(other.registry().find("alpha")).contains(alpha);
    }
}
