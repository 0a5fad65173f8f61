package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server (the packaged jar) started as a child process with {@code serve --http}, and MCP clients connected to
 * it over Streamable HTTP with the SDK's Java client. The process is destroyed on {@link #close()}, and also by a JVM
 * shutdown hook should the test JVM end first.
 */
final class McpHttpServerProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL_LINE = Pattern.compile("serving MCP over Streamable HTTP at (http://\\S+/mcp)");

    final Path home;
    final Path stdout;
    final Process process;
    final URI url;
    final String token;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();
    private final Thread killer;

    McpHttpServerProcess(Path home, String token, Map<String, String> extraEnv) throws Exception {
        this.home = home;
        this.token = token;
        this.stdout = home.resolve("stdout.txt");
        String jar = System.getProperty("codebase.jar", "target/codebase-mcp.jar");
        assertThat(Path.of(jar)).as("packaged jar (run through `mvn verify`)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-Xmx1g", "-jar", jar, "serve", "--http", "--port", String.valueOf(port));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().put("CODEBASE_MCP_HOME", home.toString());
        pb.environment().put("LOG_FILE", home.resolve("server.log").toString());
        if (token != null) {
            pb.environment().put("CODEBASE_MCP_AUTH_TOKEN", token);
        }
        pb.environment().putAll(extraEnv);
        pb.redirectOutput(stdout.toFile());
        process = pb.start();
        killer = new Thread(process::destroyForcibly, "kill-test-server");
        Runtime.getRuntime().addShutdownHook(killer);
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-stderr").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                    Matcher m = URL_LINE.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
                listening.completeExceptionally(new IllegalStateException("server exited before listening; stderr: " + stderr));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            url = listening.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new AssertionError("server did not report its URL; stderr: " + stderr + "; log: " + serverLog(), e);
        }
        assertThat(url.getPort()).isEqualTo(port);
    }

    /** A new, initialized MCP session; closed with the server. */
    McpSyncClient connect() {
        HttpClientStreamableHttpTransport.Builder b = HttpClientStreamableHttpTransport.builder(url.resolve("/").toString())
                .endpoint(url.getPath())
                .jsonMapper(new JacksonMcpJsonMapper(JSON));
        if (token != null) {
            b.httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token));
        }
        McpSyncClient client = McpClient.sync(b.build()).requestTimeout(Duration.ofSeconds(90))
                .initializationTimeout(Duration.ofSeconds(30)).build();
        clients.add(client);
        client.initialize();
        return client;
    }

    /** Calls a tool; returns the result's JSON (structured content, or the text for errors). */
    static Result call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        String text = r.content().isEmpty() ? "" : ((McpSchema.TextContent) r.content().get(0)).text();
        boolean error = Boolean.TRUE.equals(r.isError());
        return new Result(error, text, error ? null : JSON.valueToTree(r.structuredContent()));
    }

    record Result(boolean isError, String text, JsonNode json) {}

    /** The text of a resource. */
    static String read(McpSyncClient client, String uri) {
        McpSchema.ReadResourceResult r = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    String serverLog() {
        try {
            Path log = home.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code, or -1 if it did not exit in time. */
    int terminate(Duration timeout) throws InterruptedException {
        closeClients();
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILLs the server JVM (no shutdown hooks run, nothing is flushed) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("server pid " + process.pid() + " still alive 30 s after SIGKILL");
        }
        closeClients();
    }

    @Override
    public void close() {
        closeClients();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }

    private void closeClients() {
        List<McpSyncClient> open = new ArrayList<>(clients);
        clients.clear();
        for (McpSyncClient c : open) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // the server may already be gone; nothing to clean up on our side
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
