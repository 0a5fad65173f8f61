package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexes a {@link HostileRepo} with the packaged server in a small heap ({@code -Xmx256m}) while a writer races the
 * scan, over stdio with the hash embedder. The job must complete with a warning for every file it could not index,
 * nothing from outside the repository may reach the index, and the server must keep answering. Prints the figures
 * (files, time, peak heap).
 *
 * <p>Profiles: by default (CI) {@value #CI_TINY_FILES} tiny files and a 400-deep directory chain; with
 * {@code -Dreliability.profile=long} (see {@code scripts/reliability.sh}) 100,000 tiny files and 1,500 levels.
 * {@code -Dreliability.tinyFiles=N} overrides the count. When the tests run as root, the server is started without
 * the capabilities that let root read any file, so that unreadable files are really unreadable to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRepoIT {

    static final int CI_TINY_FILES = 10_000;
    static final boolean LONG = "long".equals(System.getProperty("reliability.profile"));
    static final int TINY_FILES = Integer.getInteger("reliability.tinyFiles", LONG ? 100_000 : CI_TINY_FILES);
    static final int DEPTH = LONG ? 1_500 : 400;
    static final double MIB = 1024 * 1024;
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    static Path tmp;
    HostileRepo repo;
    McpServerProcess server;

    @BeforeAll
    void start() throws Exception {
        long t0 = System.nanoTime();
        repo = new HostileRepo(tmp, TINY_FILES, DEPTH).write();
        System.out.printf("hostile repository: %d tiny files, %d entries in all, written in %.1f s%n", TINY_FILES,
                repo.countEntries(), (System.nanoTime() - t0) / 1e9);
        String launcher = ROOT ? "setpriv --bounding-set -dac_override,-dac_read_search" : "";
        // A UTF-8 locale, as desktops start MCP servers: without one the JVM decodes file names as ASCII and the scanner
        // skips every non-ASCII name (with a warning); the unicode names below must be indexed.
        server = new McpServerProcess(Files.createDirectories(tmp.resolve("home")),
                Map.of("EMBEDDING_PROVIDER", "hash", "LANG", "C.UTF-8"), launcher, "-Xmx256m");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (repo != null) {
            repo.delete();
        }
    }

    @Test
    void hostileRepository_completesWithWarnings_inASmallHeap_andNothingFromOutside() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong churnOps = new AtomicLong();
        Thread churn = repo.churn(stop, churnOps);
        long t0 = System.nanoTime();
        var start = server.call("start_indexing_background", Map.of("repo_path", repo.root.toString()));
        assertThat(start.isError()).as(start.text()).isFalse();
        JsonNode done;
        double sampledHeap = 0;
        try {
            Run run = await(start.json().get("job_id").asText(), Duration.ofMinutes(LONG ? 60 : 10));
            done = run.last();
            sampledHeap = run.peakHeapUsed();
        } finally {
            stop.set(true);
            churn.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("error_message").isNull()).isTrue();
        List<String> warnings = new ArrayList<>();
        done.get("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(done.get("files_indexed").asInt()).as(done.toString()).isGreaterThanOrEqualTo(repo.indexable);
        assertThat(done.get("files_skipped").asInt()).isGreaterThanOrEqualTo(10);

        assertWarned(warnings, "big/Huge.java: too_large");
        assertWarned(warnings, "bin/Blob.java: binary");
        assertWarned(warnings, "bin/NoNul.c: not_utf8");
        assertWarned(warnings, "bin/latin1.py: not_utf8");
        assertWarned(warnings, "etc: symlink_outside_repository");
        assertWarned(warnings, "outside-dir: symlink_outside_repository");
        assertWarned(warnings, "secret.py: symlink_outside_repository");
        assertWarned(warnings, "relative-escape.java: symlink_outside_repository");
        assertWarned(warnings, "self: unreadable");
        assertWarned(warnings, "dangling.py: unreadable");
        assertWarned(warnings, "pipe.py: not_regular_file");
        assertWarned(warnings, "locked/Locked.py: unreadable");
        assertWarned(warnings, "locked-dir: unreadable");
        assertWarned(warnings, "names/caf");

        for (String query : List.of(repo.outsideMarker, "Secret key password")) {
            var r = server.call("search_code", Map.of("query", query, "mode", "lexical", "limit", 50));
            assertThat(r.isError()).as(r.text()).isFalse();
            assertThat(r.text()).doesNotContain(repo.outsideMarker).doesNotContain("outside/");
            assertThat(r.json().get("results").findValuesAsText("file_path")).noneMatch(p -> p.startsWith("etc/")
                    || p.startsWith("outside-dir/") || p.equals("secret.py") || p.equals("relative-escape.java"));
        }
        assertFound("deepestMethodEver", "DeepDown.java");
        int lastPython = (TINY_FILES - 1) / 3 * 3;
        assertFound("tiny_function_" + lastPython, "/t" + lastPython + ".py");
        assertFound("minifiedFn77", "web/app.js");
        assertFound("unicode_named", "names/\u00fcn\u00efc\u00f6d\u00e9_\u540d\u524d.py");
        assertFound("newline_named", "names/new\nline.py");

        String metrics = resource("metrics://prometheus");
        double peakPools = McpHttpIT.sample(metrics, "jvm_heap_peak_bytes");
        double max = McpHttpIT.sample(metrics, "jvm_heap_max_bytes");
        System.out.printf("hostile repository indexed: %d tiny files, %d files indexed, %d skipped, %d chunks, %d racing writes,"
                        + " %.1f s; heap max %.0f MiB, sampled peak used %.0f MiB, heap pool peaks %.0f MiB; %d warnings shown%n",
                TINY_FILES, done.get("files_indexed").asInt(), done.get("files_skipped").asInt(), done.get("chunks_created").asInt(),
                churnOps.get(), seconds, max / MIB, sampledHeap / MIB, peakPools / MIB, warnings.size());
        assertThat(max).isLessThanOrEqualTo(256.0 * 1024 * 1024);

        long t1 = System.nanoTime();
        var again = server.call("index_repository", Map.of("repo_path", repo.root.toString(), "wait_seconds", 50));
        JsonNode second = again.json().get("status").asText().equals("completed") ? again.json()
                : await(again.json().get("job_id").asText(), Duration.ofMinutes(LONG ? 30 : 5)).last();
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("completed");
        assertThat(second.get("files_unchanged").asInt()).isGreaterThanOrEqualTo(repo.indexable);
        System.out.printf("unchanged re-index of the hostile repository: %.1f s, %d files unchanged%n",
                (System.nanoTime() - t1) / 1e9, second.get("files_unchanged").asInt());
        assertThat(server.serverLog()).doesNotContain("OutOfMemoryError").doesNotContain(repo.outsideMarker);
        assertThat(server.stdoutMessages()).isNotEmpty();
    }

    private void assertWarned(List<String> warnings, String prefix) {
        assertThat(warnings).as("a warning starting with '%s'", prefix).anySatisfy(w -> assertThat(w).startsWith(prefix));
    }

    private void assertFound(String query, String pathSuffix) {
        var r = server.call("search_code", Map.of("query", query, "mode", "lexical", "limit", 5));
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.json().get("results").findValuesAsText("file_path")).as("results for %s", query)
                .anySatisfy(p -> assertThat(p).endsWith(pathSuffix));
    }

    record Run(JsonNode last, double peakHeapUsed) {}

    /** Polls the job to a terminal state, sampling the server's used heap on the way. */
    private Run await(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double peak = 0;
        while (System.nanoTime() < deadline) {
            var r = server.call("get_indexing_status", Map.of("job_id", jobId));
            assertThat(r.isError()).as(r.text()).isFalse();
            peak = Math.max(peak, McpHttpIT.sample(resource("metrics://prometheus"), "jvm_heap_used_bytes"));
            String status = r.json().get("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return new Run(r.json(), peak);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + timeout);
    }

    private String resource(String uri) {
        var r = server.client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }
}
