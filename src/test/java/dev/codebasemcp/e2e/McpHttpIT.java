package dev.codebasemcp.e2e;

import static dev.codebasemcp.e2e.McpHttpServerProcess.call;
import static dev.codebasemcp.e2e.McpHttpServerProcess.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process over Streamable HTTP ({@code serve --http}) with a bearer token, driven by the SDK's Java
 * client: tools, indexing and search, two sessions with their own working directories and projects, the token check,
 * both resources with real values, and a graceful shutdown on SIGTERM. Uses the deterministic hash embedder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpHttpIT {

    static final String TOKEN = "it-token-" + Long.toHexString(System.nanoTime());
    static final String LEDGER_JAVA = """
            package com.beta.books;

            /** Keeps the books of one account. */
            public final class Ledger {
                /** Makes the recorded balances agree with the sum of all postings. */
                public long reconcileLedgerBalances(long[] postings) {
                    long total = 0;
                    for (long p : postings) {
                        total += p;
                    }
                    return total;
                }
            }
            """;

    @TempDir
    static Path tmp;
    Path alpha;
    Path beta;
    McpHttpServerProcess server;
    McpSyncClient sessionA;
    McpSyncClient sessionB;

    @BeforeAll
    void start() throws Exception {
        alpha = Fixtures.writeRepo(tmp.resolve("alpha"));
        Fixtures.write(alpha.resolve(".codebase-mcp/config.json"), "{\"version\": \"1.0\", \"project\": {\"name\": \"alpha\"}}");
        beta = tmp.resolve("beta");
        Fixtures.write(beta.resolve("src/main/java/com/beta/books/Ledger.java"), LEDGER_JAVA);
        Fixtures.write(beta.resolve(".codebase-mcp/config.json"), "{\"version\": \"1.0\", \"project\": {\"name\": \"beta\"}}");
        beta = beta.toRealPath();
        server = new McpHttpServerProcess(Files.createDirectories(tmp.resolve("home")), TOKEN, Map.of("EMBEDDING_PROVIDER", "hash"));
        sessionA = server.connect();
        sessionB = server.connect();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void listTools_andResources_overHttp() {
        assertThat(sessionA.listTools().tools()).extracting(t -> t.name()).containsExactlyInAnyOrder("set_working_directory",
                "start_indexing_background", "index_repository", "get_indexing_status", "cancel_indexing_background",
                "list_background_jobs", "search_code", "list_projects");
        assertThat(sessionA.listResources().resources()).extracting(r -> r.uri())
                .containsExactlyInAnyOrder("health://status", "metrics://prometheus");
        assertThat(server.url.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    @Order(2)
    void requestWithoutToken_gets401_andWithTheTokenWorks() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"curl-like\",\"version\":\"1\"}}}";
        HttpRequest.Builder post = HttpRequest.newBuilder(server.url).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(initialize));

        HttpResponse<String> anonymous = http.send(post.copy().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(McpHttpServerProcess.JSON.readTree(anonymous.body()).get("error").asText()).isEqualTo("unauthorized");

        HttpResponse<String> wrong = http.send(post.copy().header("Authorization", "Bearer not-" + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> ok = http.send(post.copy().header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("mcp-session-id")).isPresent();
    }

    @Test
    @Order(3)
    void twoSessions_keepTheirOwnWorkingDirectoryAndProject() {
        var a = call(sessionA, "set_working_directory", Map.of("directory", alpha.toString()));
        var b = call(sessionB, "set_working_directory", Map.of("directory", beta.toString()));
        assertThat(a.isError()).as(a.text()).isFalse();
        assertThat(a.json().at("/project/name").asText()).isEqualTo("alpha");
        assertThat(b.json().at("/project/name").asText()).isEqualTo("beta");
        assertThat(a.json().get("session_id").asText()).isNotEqualTo(b.json().get("session_id").asText());
    }

    @Test
    @Order(4)
    void indexRepository_completesForEachSessionsProject() {
        var a = call(sessionA, "index_repository", Map.of("repo_path", alpha.toString(), "wait_seconds", 50));
        assertThat(a.isError()).as(a.text()).isFalse();
        assertThat(a.json().get("status").asText()).as(a.text()).isEqualTo("completed");
        assertThat(a.json().get("project_name").asText()).isEqualTo("alpha");
        assertThat(a.json().get("files_indexed").asInt()).isGreaterThanOrEqualTo(Fixtures.FILES.size());

        var b = call(sessionB, "index_repository", Map.of("repo_path", beta.toString(), "wait_seconds", 50));
        assertThat(b.json().get("status").asText()).as(b.text()).isEqualTo("completed");
        assertThat(b.json().get("project_name").asText()).isEqualTo("beta");
    }

    @Test
    @Order(5)
    void searchCode_findsTheKnownFunctionInTheSessionsOwnProject() {
        var r = call(sessionA, "search_code", Map.of("query", "computeBackoffDelay exponential backoff with jitter", "limit", 5));
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.json().get("project_name").asText()).isEqualTo("alpha");
        assertThat(r.json().at("/index/state").asText()).isEqualTo("ready");
        JsonNode top = r.json().get("results").get(0);
        assertThat(top.get("file_path").asText()).isEqualTo("src/main/java/com/acme/net/RetryPolicy.java");
        assertThat(top.get("content").asText()).contains("public Duration computeBackoffDelay(int attempt)");
    }

    @Test
    @Order(6)
    void searches_neverCrossSessionsProjects() {
        var fromB = call(sessionB, "search_code", Map.of("query", "reconcileLedgerBalances", "mode", "lexical"));
        assertThat(fromB.json().get("project_name").asText()).isEqualTo("beta");
        assertThat(fromB.json().get("results").get(0).get("file_path").asText()).isEqualTo("src/main/java/com/beta/books/Ledger.java");
        assertThat(fromB.json().get("results").get(0).get("content").asText()).contains("reconcileLedgerBalances");
        assertThat(fromB.json().get("results").findValuesAsText("file_path")).doesNotContain("src/main/java/com/acme/net/RetryPolicy.java");

        var aForLedger = call(sessionA, "search_code", Map.of("query", "reconcileLedgerBalances", "mode", "lexical"));
        assertThat(aForLedger.json().get("project_name").asText()).isEqualTo("alpha");
        assertThat(aForLedger.json().get("results").findValuesAsText("file_path")).doesNotContain("src/main/java/com/beta/books/Ledger.java");

        var bForBackoff = call(sessionB, "search_code", Map.of("query", "computeBackoffDelay", "mode", "lexical"));
        assertThat(bForBackoff.json().get("project_name").asText()).isEqualTo("beta");
        assertThat(bForBackoff.json().get("results").findValuesAsText("file_path"))
                .doesNotContain("src/main/java/com/acme/net/RetryPolicy.java");
        assertThat(bForBackoff.json().get("project_id").asText()).isNotEqualTo(aForLedger.json().get("project_id").asText());
    }

    @Test
    @Order(7)
    void searchRoundTrip_latencyIsMeasured() {
        List<Long> micros = new ArrayList<>();
        List<Long> serverMs = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            long t0 = System.nanoTime();
            var r = call(sessionA, "search_code", Map.of("query", "parse rows of a csv file " + i, "limit", 10));
            long us = (System.nanoTime() - t0) / 1000;
            assertThat(r.isError()).as(r.text()).isFalse();
            if (i >= 5) { // the first calls warm up the JIT on both sides
                micros.add(us);
                serverMs.add(r.json().get("latency_ms").asLong());
            }
        }
        Collections.sort(micros);
        Collections.sort(serverMs);
        System.out.printf("HTTP search_code round trip over %d calls (hash embedder, hybrid): p50 %.2f ms, p95 %.2f ms, max %.2f ms;"
                        + " server-side search p50 %d ms%n", micros.size(), micros.get(micros.size() / 2) / 1000.0,
                micros.get((int) (micros.size() * 0.95)) / 1000.0, micros.getLast() / 1000.0, serverMs.get(serverMs.size() / 2));
    }

    @Test
    @Order(8)
    void resources_reportRealValues() throws Exception {
        JsonNode health = McpHttpServerProcess.JSON.readTree(read(sessionB, "health://status"));
        assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("ok");
        assertThat(health.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(health.get("process_id").asLong()).isEqualTo(server.process.pid());
        assertThat(health.at("/store/kind").asText()).isEqualTo("embedded");
        assertThat(health.at("/store/data_dir").asText()).isEqualTo(server.home.toString());
        assertThat(health.at("/store/projects").asInt()).isEqualTo(2);
        assertThat(health.at("/embedder/model").asText()).isNotBlank();
        assertThat(health.at("/embedder/dimension").asInt()).isEqualTo(384);
        assertThat(health.at("/jobs/running_in_process").asInt()).isZero();
        assertThat(health.at("/jobs/pending").asInt()).isZero();
        assertThat(health.at("/jobs/running").asInt()).isZero();

        String metrics = read(sessionA, "metrics://prometheus");
        assertThat(sample(metrics, "codebase_mcp_files_indexed_total")).isGreaterThanOrEqualTo(Fixtures.FILES.size() + 1);
        assertThat(sample(metrics, "codebase_mcp_chunks_written_total")).isGreaterThan(0);
        assertThat(sample(metrics, "codebase_mcp_embeddings_computed_total")).isGreaterThan(0);
        assertThat(sample(metrics, "codebase_mcp_jobs_finished_total{outcome=\"completed\"}")).isEqualTo(2);
        assertThat(sample(metrics, "codebase_mcp_jobs_finished_total{outcome=\"failed\"}")).isZero();
        assertThat(sample(metrics, "codebase_mcp_searches_total{mode=\"hybrid\"}")).isGreaterThanOrEqualTo(51);
        assertThat(sample(metrics, "codebase_mcp_searches_total{mode=\"lexical\"}")).isEqualTo(3);
        assertThat(sample(metrics, "codebase_mcp_search_duration_seconds_count{mode=\"hybrid\"}")).isGreaterThanOrEqualTo(51);
        assertThat(sample(metrics, "codebase_mcp_search_duration_seconds_bucket{mode=\"hybrid\",le=\"+Inf\"}"))
                .isEqualTo(sample(metrics, "codebase_mcp_search_duration_seconds_count{mode=\"hybrid\"}"));
        assertThat(sample(metrics, "codebase_mcp_tool_calls_total{tool=\"index_repository\",result=\"ok\"}")).isEqualTo(2);
        assertThat(sample(metrics, "codebase_mcp_tool_call_duration_seconds_count{tool=\"search_code\"}")).isGreaterThanOrEqualTo(55);
        assertThat(sample(metrics, "codebase_mcp_jobs_running")).isZero();

        var bad = call(sessionA, "search_code", Map.of("query", "x", "limit", 0));
        assertThat(bad.isError()).isTrue();
        assertThat(sample(read(sessionA, "metrics://prometheus"), "codebase_mcp_tool_calls_total{tool=\"search_code\",result=\"error\"}"))
                .isEqualTo(1);
    }

    @Test
    @Order(100)
    void sigterm_closesTheServerGracefully_andStdoutStayedEmpty() throws Exception {
        int exit = server.terminate(Duration.ofSeconds(30));
        assertThat(exit).as("exit code after SIGTERM (-1: still running)").isNotEqualTo(-1);
        assertThat(server.serverLog()).contains("Shutting down");
        assertThat(Files.readString(server.stdout)).isEmpty();
    }

    /** The value of one sample line {@code name{labels} value}, failing if it is absent. */
    static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
