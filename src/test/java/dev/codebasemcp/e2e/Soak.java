package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Shared pieces of the fault-injection and load tests: their scale (fast in {@code verify}, long with
 * {@code scripts/soak.sh}), a real repository to index, waiting for jobs, and comparing two indexes chunk by chunk.
 */
final class Soak {
    private Soak() {}

    /** SIGKILLs per kill loop: {@code -Dsoak.kills}, 5 in CI, 20+ in the soak profile. */
    static final int KILLS = Integer.getInteger("soak.kills", 5);
    /** Seconds of search load: {@code -Dsoak.loadSeconds}, 15 in CI, 60 in the soak profile. */
    static final int LOAD_SECONDS = Integer.getInteger("soak.loadSeconds", 15);
    /** Seed of the random kill points; printed, so a failing run can be repeated with {@code -Dsoak.seed}. */
    static final long SEED = Long.getLong("soak.seed", System.nanoTime());

    /** The server environment for these tests: the store's, the deterministic embedder, progress every second. */
    static Map<String, String> env(ServerStore store, Path home, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(store.env(home));
        env.put("EMBEDDING_PROVIDER", "hash");
        env.put("PROGRESS_UPDATE_INTERVAL_SECONDS", "1");
        env.putAll(extra);
        return env;
    }

    /** The part of this project's sources {@link #copyOfOwnSources} copies (about 75 files: Java, SQL, XML). */
    static final List<String> OWN_SOURCES = List.of("src/main/resources", "src/main/java/dev/codebasemcp/store",
            "src/main/java/dev/codebasemcp/jobs", "src/main/java/dev/codebasemcp/search", "src/main/java/dev/codebasemcp/project");

    /** A real repository: a git-initialised copy of part of this project's own sources ({@link #OWN_SOURCES}). */
    static Path copyOfOwnSources(Path dir) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        for (String part : OWN_SOURCES) {
            Path src = root.resolve(part);
            assertThat(src).as("run from the project directory").isDirectory();
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path target = dir.resolve(root.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        Process git = new ProcessBuilder("git", "init", "-q", dir.toString()).redirectErrorStream(true).start();
        if (git.waitFor() != 0) {
            throw new IOException("git init failed: " + new String(git.getInputStream().readAllBytes()));
        }
        return dir.toRealPath();
    }

    /** Repo-relative paths of the files {@link #copyOfOwnSources} wrote that the indexer reads (all of them are text). */
    static List<String> files(Path repo) throws IOException {
        try (Stream<Path> files = Files.walk(repo.resolve("src"))) {
            return files.filter(Files::isRegularFile).map(f -> repo.relativize(f).toString()).sorted().toList();
        }
    }

    static McpHttpServerProcess.Result call(McpSyncClient c, String tool, Map<String, Object> args) {
        McpHttpServerProcess.Result r = McpHttpServerProcess.call(c, tool, args);
        assertThat(r.isError()).as("%s %s -> %s", tool, args, r.text()).isFalse();
        return r;
    }

    static boolean terminal(JsonNode job) {
        String s = job.get("status").asText();
        return s.equals("completed") || s.equals("failed") || s.equals("cancelled");
    }

    /** Polls the job until it is terminal; fails (naming the last state) if it is not within {@code timeout}. */
    static JsonNode awaitTerminal(McpSyncClient c, String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = call(c, "get_indexing_status", Map.of("job_id", jobId)).json();
            if (terminal(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " is not terminal after " + timeout + " (it hangs); last: " + last);
    }

    /** Polls the job every 100 ms until {@code done} holds; fails naming the last state after {@code timeout}. */
    static JsonNode pollUntil(McpSyncClient c, String jobId, Predicate<JsonNode> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = call(c, "get_indexing_status", Map.of("job_id", jobId)).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not reached for job " + jobId + " within " + timeout + "; last: " + last);
    }

    /** Starts an index of {@code repo} (returns the active job if there is one) and waits for it to end. */
    static JsonNode index(McpSyncClient c, Path repo, Duration timeout) throws InterruptedException {
        String job = call(c, "start_indexing_background", Map.of("repo_path", repo.toString())).json().get("job_id").asText();
        return awaitTerminal(c, job, timeout);
    }

    /** Every job of a project (up to 100), newest first. */
    static List<JsonNode> jobs(McpSyncClient c, String project) {
        List<JsonNode> out = new ArrayList<>();
        call(c, "list_background_jobs", Map.of("project_id", project, "limit", 100)).json().get("jobs").forEach(out::add);
        return out;
    }

    static int count(McpSyncClient c, String status) {
        return call(c, "list_background_jobs", Map.of("status", status)).json().get("total_count").asInt();
    }

    /**
     * The project's index, file by file: for each file the chunks that a semantic search restricted to that file
     * returns ({@code lines:content hash}, sorted), plus the repository's file and chunk counts. Two indexes of the
     * same content are equal exactly when these are (semantic search with a one-file filter lists all of a file's
     * chunks, up to 50, whatever their ranking).
     */
    static Map<String, String> snapshot(McpSyncClient c, String project, List<String> files) {
        Map<String, String> out = new TreeMap<>();
        JsonNode repos = null;
        for (JsonNode p : call(c, "list_projects", Map.of()).json().get("projects")) {
            if (p.get("name").asText().equals(project)) {
                repos = p.get("repositories");
            }
        }
        assertThat(repos).as("project %s", project).isNotNull().hasSize(1);
        out.put("(files)", repos.get(0).get("files").asText());
        out.put("(chunks)", repos.get(0).get("chunks").asText());
        for (String f : files) {
            JsonNode results = call(c, "search_code", Map.of("query", "code", "project_id", project, "mode", "semantic",
                    "directory", f, "limit", 50)).json().get("results");
            List<String> chunks = new ArrayList<>();
            for (JsonNode r : results) {
                chunks.add(r.get("start_line").asInt() + "-" + r.get("end_line").asInt() + ":" + r.get("content").asText().hashCode());
            }
            chunks.sort(null);
            out.put(f, String.join(",", chunks));
        }
        return out;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
