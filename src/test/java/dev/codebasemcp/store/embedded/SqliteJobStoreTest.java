package dev.codebasemcp.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.store.ControlPlaneHandle;
import dev.codebasemcp.store.JobStoreContractTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store contract on SQLite, plus what only this adapter offers (checkpoints) or decides (caps, precision). */
class SqliteJobStoreTest extends JobStoreContractTest {

    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected ControlPlaneHandle openControlPlane() {
        if (stores == null) {
            stores = new SqliteStores(dir);
        }
        return stores.handle();
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.close();
        }
    }

    private SqliteJobStore sqliteJobs() {
        return (SqliteJobStore) jobs;
    }

    @Test
    void saveCheckpoint_byOwnerWhileRunning_isStoredAndSurvivesRequeue() {
        Job job = running(alpha, "/repos/a", "w1", 0);

        assertThat(sqliteJobs().saveCheckpoint(job.id(), "w1", "{\"done\":[\"a.java\"],\"n\":1}")).isTrue();
        assertThat(jobs.requeueStale(job.id(), job.heartbeatAt(), "stale", at(100))).isTrue();
        assertThat(jobs.claimNext("w2", at(101))).isPresent();

        assertThat(sqliteJobs().checkpoint(job.id())).contains("{\"done\":[\"a.java\"],\"n\":1}");
        assertThat(sqliteJobs().saveCheckpoint(job.id(), "w2", null)).isTrue();
        assertThat(sqliteJobs().checkpoint(job.id())).isEmpty();
    }

    @Test
    void saveCheckpoint_otherWorkerPendingOrCancelledJob_returnsFalse() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        Job pending = create(beta, "/repos/b", 1);

        assertThat(sqliteJobs().saveCheckpoint(job.id(), "w2", "{}")).isFalse();
        assertThat(sqliteJobs().saveCheckpoint(pending.id(), "w1", "{}")).isFalse();
        jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.CANCELLED, null, null, null, null, null, at(2));
        assertThat(sqliteJobs().saveCheckpoint(job.id(), "w1", "{}")).isFalse();
        assertThat(sqliteJobs().checkpoint(job.id())).isEmpty();
    }

    @Test
    void saveCheckpoint_invalidJson_throwsIllegalArgument() {
        Job job = running(alpha, "/repos/a", "w1", 0);

        for (String bad : List.of("", "{", "{} trailing", "not json")) {
            assertThatThrownBy(() -> sqliteJobs().saveCheckpoint(job.id(), "w1", bad))
                    .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint");
        }
    }

    @Test
    void finish_moreThan200Warnings_keepsTheFirstAndSaysHowManyWereLeftOut() {
        Job job = running(alpha, "/repos/a", "w1", 0);
        List<String> many = IntStream.range(0, 500).mapToObj(i -> "file" + i + ": skipped").toList();

        jobs.finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, many, at(1));

        List<String> stored = jobs.get(job.id()).orElseThrow().warnings();
        assertThat(stored).hasSize(SqliteJobRows.MAX_WARNINGS);
        assertThat(stored.subList(0, 199)).isEqualTo(many.subList(0, 199));
        assertThat(stored.getLast()).contains("301 more");
    }

    @Test
    void get_upperCaseJobId_findsTheJob() {
        Job job = create(alpha, "/repos/a", 0);

        assertThat(jobs.get(job.id().toUpperCase(Locale.ROOT))).contains(job);
    }

    @Test
    void timestamps_areStoredToTheMillisecond() {
        Instant precise = Instant.parse("2030-01-02T03:04:05.123456789Z");

        Job job = jobs.createOrGetActive(alpha, "/repos/a", false, precise).job();

        assertThat(job.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123Z"));
    }

    @Test
    void updateProgress_percentageOutOfRange_throwsIllegalArgument() {
        Job job = running(alpha, "/repos/a", "w1", 0);

        for (double bad : new double[] {-1, 100.5, Double.NaN}) {
            assertThatThrownBy(() -> jobs.updateProgress(job.id(), "w1", JobPhase.SCANNING, bad, null, JobCounters.ZERO, null, at(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void finish_toRunning_isRefusedAsNotForward_orRejectedAsMisuse() {
        Job job = create(alpha, "/repos/a", 0);

        assertThatThrownBy(() -> jobs.finish(job.id(), JobStatus.PENDING, JobStatus.RUNNING, null, null, null, null, null, at(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimNext");
        assertThat(jobs.get(job.id())).contains(job);
    }
}
