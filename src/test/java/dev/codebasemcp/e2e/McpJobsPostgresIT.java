package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link McpJobsIT} on the PostgreSQL + pgvector store of the local server (each test in registry databases of its
 * own, dropped afterwards with every project database they list), plus what only a shared server allows: two server
 * processes with separate data directories on one registry, one of them killed mid-job.
 */
class McpJobsPostgresIT extends McpJobsIT {

    static final int FILES = 1500;

    @Override
    ServerStore createStore() {
        return ServerStore.postgres();
    }

    private McpServerProcess teamServer(Path home) throws Exception {
        Map<String, String> env = new HashMap<>(store.env("team"));
        env.put("EMBEDDING_PROVIDER", "hash");
        env.put("PROGRESS_UPDATE_INTERVAL_SECONDS", "1");
        McpServerProcess s = new McpServerProcess(Files.createDirectories(home), env);
        servers.add(s);
        return s;
    }

    private static int runningHere(McpServerProcess s) throws Exception {
        var r = s.client.readResource(new McpSchema.ReadResourceRequest("health://status"));
        return McpServerProcess.JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text())
                .at("/jobs/running_in_process").asInt();
    }

    @Test
    void sigkillOfTheProcessRunningAJob_theOtherProcessReclaimsAndCompletesIt_sameIndexAsUninterrupted() throws Exception {
        Path repo = Fixtures.writeBigRepo(tmp.resolve("shared"), FILES);
        Fixtures.config(repo, "two-processes");
        Path reference = Fixtures.writeBigRepo(tmp.resolve("reference"), FILES);
        Fixtures.config(reference, "reference");
        McpServerProcess one = teamServer(tmp.resolve("home-one"));
        McpServerProcess two = teamServer(tmp.resolve("home-two"));

        String job = one.call("start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        pollUntil(one, job, j -> j.get("files_indexed").asInt() > 0 && indexState(one, "two-processes").get("files").asInt() > 0
                || !j.get("status").asText().matches("pending|running"), Duration.ofMinutes(2));
        JsonNode beforeKill = two.call("get_indexing_status", Map.of("job_id", job)).json();
        assertThat(beforeKill.get("status").asText()).as("job must still be running when killed").isEqualTo("running");
        McpServerProcess runner = runningHere(one) == 1 ? one : two;
        McpServerProcess survivor = runner == one ? two : one;
        assertThat(runningHere(runner)).isEqualTo(1);
        int committed = indexState(survivor, "two-processes").get("files").asInt();
        long killedAt = System.nanoTime();
        runner.kill();

        JsonNode done = survivor.awaitJob(job, Duration.ofMinutes(5)).getLast();
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("attempt").asInt()).as("resumed once, by the survivor").isEqualTo(2);
        assertThat(done.get("files_unchanged").asInt()).as("committed files are not redone").isGreaterThanOrEqualTo(committed);
        assertThat(survivor.call("list_background_jobs", Map.of("status", "running")).json().get("total_count").asInt()).isZero();

        JsonNode ref = survivor.call("index_repository", Map.of("repo_path", reference.toString(), "wait_seconds", 50)).json();
        ref = ref.get("status").asText().equals("completed") ? ref
                : survivor.awaitJob(ref.get("job_id").asText(), Duration.ofMinutes(5)).getLast();
        assertThat(ref.get("status").asText()).isEqualTo("completed");
        JsonNode killedState = indexState(survivor, "two-processes");
        JsonNode refState = indexState(survivor, "reference");
        assertThat(killedState.get("files").asInt()).isEqualTo(FILES).isEqualTo(refState.get("files").asInt());
        assertThat(killedState.get("chunks").asInt()).isEqualTo(refState.get("chunks").asInt());
        for (int i : List.of(0, 1, 499, 500, 777, 1234, FILES - 1)) {
            List<String> hit = paths(survivor, "compute1Value" + i, "two-processes");
            assertThat(hit.getFirst()).startsWith("src/big/p" + (i % 10) + "/Component" + i + ".java:");
            assertThat(hit.getFirst()).isEqualTo(paths(survivor, "compute1Value" + i, "reference").getFirst());
        }
        System.out.printf("TWO-PROCESSES kill -9 of the runner with %d of %d files committed: the survivor completed the job "
                + "%.1f s later (attempt %d, %d files unchanged)%n", committed, FILES, takeoverMs / 1000.0,
                done.get("attempt").asInt(), done.get("files_unchanged").asInt());
    }
}
