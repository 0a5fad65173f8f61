package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real server (the packaged jar) started as a child process and driven by the MCP SDK's Java client over stdio.
 * Everything the server writes to stdout is also copied to a file, so tests can check it holds only JSON-RPC.
 */
final class McpServerProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final Path stdoutCopy;
    final McpSyncClient client;
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

    McpServerProcess(Path home, Map<String, String> extraEnv) {
        this(home, extraEnv, "", "-Xmx1g");
    }

    /**
     * @param launcher words put before the java command (e.g. {@code setpriv ...}), or ""
     * @param heap the heap option, e.g. {@code -Xmx256m}
     */
    McpServerProcess(Path home, Map<String, String> extraEnv, String launcher, String heap) {
        this.home = home;
        this.stdoutCopy = home.resolve("stdout.jsonl");
        String jar = System.getProperty("codebase.jar", "target/codebase-mcp.jar");
        assertThat(Path.of(jar)).as("packaged jar (run through `mvn verify`)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        String cmd = launcher + " '" + java + "' --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector " + heap + " -jar '" + jar
                + "' serve | tee '" + stdoutCopy + "'";
        Map<String, String> env = new HashMap<>();
        env.put("CODEBASE_MCP_HOME", home.toString());
        env.put("LOG_FILE", home.resolve("server.log").toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        env.putAll(extraEnv);
        ServerParameters params = ServerParameters.builder("bash").args("-c", cmd).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(line -> { });
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).initializationTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add).build();
        client.initialize();
    }

    /** Calls a tool; returns the result's JSON (structured content, or the text for errors). */
    Result call(String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r;
        try {
            r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        } catch (RuntimeException e) {
            throw new AssertionError(tool + " got no answer (" + e.getMessage() + "); server log tail:\n" + serverLogTail(), e);
        }
        String text = r.content().isEmpty() ? "" : ((McpSchema.TextContent) r.content().get(0)).text();
        JsonNode json = null;
        if (!Boolean.TRUE.equals(r.isError())) {
            json = JSON.valueToTree(r.structuredContent());
        }
        return new Result(Boolean.TRUE.equals(r.isError()), text, json);
    }

    /** Calls with a progress token in _meta, so the server may send progress notifications. */
    Result callWithProgress(String tool, Map<String, Object> args, String token) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args, Map.of("progressToken", token)));
        String text = r.content().isEmpty() ? "" : ((McpSchema.TextContent) r.content().get(0)).text();
        return new Result(Boolean.TRUE.equals(r.isError()), text,
                Boolean.TRUE.equals(r.isError()) ? null : JSON.valueToTree(r.structuredContent()));
    }

    record Result(boolean isError, String text, JsonNode json) {}

    /** Polls get_indexing_status until the job is terminal; returns every snapshot seen. */
    List<JsonNode> awaitJob(String jobId, Duration timeout) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Result r = call("get_indexing_status", Map.of("job_id", jobId));
            assertThat(r.isError()).as(r.text()).isFalse();
            seen.add(r.json());
            String status = r.json().get("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return seen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + timeout + "; last: " + seen.getLast());
    }

    /** Every line the server wrote to stdout, parsed; fails on any line that is not a JSON-RPC 2.0 message. */
    List<JsonNode> stdoutMessages() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(stdoutCopy)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("stdout line is not JSON: " + line);
            }
            assertThat(n.path("jsonrpc").asText()).as("stdout line: %s", line).isEqualTo("2.0");
            out.add(n);
        }
        return out;
    }

    /** The last 60 lines of the server log. */
    String serverLogTail() {
        try {
            List<String> lines = serverLog().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    String serverLog() throws IOException {
        Path log = home.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The server JVM's pid, from the health resource. */
    long serverPid() throws IOException {
        var r = client.readResource(new McpSchema.ReadResourceRequest("health://status"));
        return JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text()).get("process_id").asLong();
    }

    /** SIGKILLs the server JVM (no shutdown hooks run) and waits until it is gone. */
    void kill() throws Exception {
        ProcessHandle p = ProcessHandle.of(serverPid()).orElseThrow();
        p.destroyForcibly();
        p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        killed = true;
    }

    private boolean killed;

    @Override
    public void close() {
        try {
            if (killed) {
                client.close();
            } else {
                client.closeGracefully();
            }
        } catch (RuntimeException e) {
            // the process is gone already
        }
    }
}
