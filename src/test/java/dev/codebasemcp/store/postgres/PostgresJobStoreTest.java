package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.Concurrently;
import dev.codebasemcp.store.ControlPlaneHandle;
import dev.codebasemcp.store.JobStore;
import dev.codebasemcp.store.JobStoreContractTest;
import dev.codebasemcp.store.ProjectSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job store contract on a real PostgreSQL, plus what only this adapter offers or decides. */
class PostgresJobStoreTest extends JobStoreContractTest {

    private static final String DATABASE = PostgresTestServer.uniqueDatabase();
    private final PostgresControlPlanes planes = new PostgresControlPlanes(DATABASE);

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @Override
    protected ControlPlaneHandle openControlPlane() {
        return planes.handle();
    }

    @AfterEach
    void closeStores() {
        planes.close();
    }

    @AfterAll
    static void dropDatabase() {
        PostgresTestServer.drop(List.of(DATABASE));
    }

    private PostgresJobStore pgJobs() {
        return (PostgresJobStore) jobs;
    }

    @Test
    void claimNext_twoStoresWithTwoThreadsEach_claimSixteenJobsExactlyOnce() throws Exception {
        ControlPlaneHandle first = openControlPlane();
        ControlPlaneHandle second = openControlPlane();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ProjectRef p = first.registry().getOrCreate(ProjectSpec.named("claim-" + i));
            created.add(first.jobs().createOrGetActive(p, "/repos/" + i, false, at(i)).job().id());
        }
        JobStore[] stores = {first.jobs(), first.jobs(), second.jobs(), second.jobs()};

        List<List<String>> claimedPerThread = Concurrently.run(4, t -> {
            List<String> mine = new ArrayList<>();
            for (Optional<Job> j = stores[t].claimNext("w" + t, at(100)); j.isPresent(); j = stores[t].claimNext("w" + t, at(100))) {
                mine.add(j.get().id());
            }
            return mine;
        });

        List<String> all = claimedPerThread.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(16).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        Map<String, String> owner = new HashMap<>();
        for (int t = 0; t < 4; t++) {
            for (String id : claimedPerThread.get(t)) {
                owner.put(id, "w" + t);
            }
        }
        for (String id : created) {
            Job job = jobs.get(id).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.workerId()).isEqualTo(owner.get(id));
            assertThat(job.attempt()).isEqualTo(1);
        }
    }

    @Test
    void saveCheckpoint_byOwnerWhileRunning_isStoredAndSurvivesRequeue() throws Exception {
        Job job = running(alpha, "/repos/a", "w1", 0);
        ObjectMapper json = new ObjectMapper();

        assertThat(pgJobs().saveCheckpoint(job.id(), "w1", "{\"done\":[\"a.java\"],\"n\":1}")).isTrue();
        assertThat(jobs.requeueStale(job.id(), job.heartbeatAt(), "stale", at(100))).isTrue();
        assertThat(jobs.claimNext("w2", at(101))).isPresent();

        assertThat(json.readTree(pgJobs().checkpoint(job.id()).orElseThrow()))
                .isEqualTo(json.readTree("{\"n\":1,\"done\":[\"a.java\"]}"));
        assertThat(pgJobs().saveCheckpoint(job.id(), "w1", "{}")).as("not the owner any more").isFalse();
        assertThat(pgJobs().saveCheckpoint(job.id(), "w2", null)).isTrue();
        assertThat(pgJobs().checkpoint(job.id())).isEmpty();
        assertThatThrownBy(() -> pgJobs().saveCheckpoint(job.id(), "w2", "{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint");
    }

    @Test
    void database_refusesBackwardMovesAndASecondRunningJobOfAProject_fromAnyWriter() {
        Job done = running(alpha, "/repos/a", "w1", 0);
        jobs.finish(done.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, at(1));
        Job runningJob = running(beta, "/repos/b", "w2", 2);
        Job pending = create(beta, "/repos/c", 3);

        assertThatThrownBy(() -> PostgresTestServer.execute(DATABASE,
                "UPDATE indexing_jobs SET status = 'running' WHERE id = '" + done.id() + "'"))
                .hasMessageContaining("illegal status transition");
        assertThatThrownBy(() -> PostgresTestServer.execute(DATABASE, "UPDATE indexing_jobs SET status = 'running', "
                + "worker_id = 'x', started_at = now(), heartbeat_at = now() WHERE id = '" + pending.id() + "'"))
                .hasMessageContaining("indexing_jobs_one_running");
        assertThat(jobs.get(done.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.get(runningJob.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.get(pending.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void timestamps_areStoredToTheMicrosecond() {
        Job job = jobs.createOrGetActive(alpha, "/repos/a", false, Instant.parse("2030-01-02T03:04:05.123456789Z")).job();

        assertThat(job.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
    }

    @Test
    void unknownOrMalformedJobIds_findNothingAndChangeNothing() {
        assertThat(jobs.get("not-a-job")).isEmpty();
        assertThat(jobs.finish("not-a-job", JobStatus.PENDING, JobStatus.CANCELLED, null, null, null, null, null, at(0))).isFalse();
        assertThat(jobs.list(null, "not-a-project", null, 10, 0).totalCount()).isZero();
        Job job = create(alpha, "/repos/a", 0);
        assertThat(jobs.get(job.id().toUpperCase())).contains(job);
    }
}
