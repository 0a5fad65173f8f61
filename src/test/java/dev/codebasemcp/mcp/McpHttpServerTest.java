package dev.codebasemcp.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.metrics.HealthCheck;
import dev.codebasemcp.metrics.ServerMetrics;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server in process: the guard (token, Host, Origin), the MCP endpoint, /health and /metrics. */
class McpHttpServerTest {

    static final String TOKEN = "s3cret-token";
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"test","version":"1"}}}""";

    @TempDir
    Path home;
    SqliteControlPlane controlPlane;
    McpHttpServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        controlPlane = new SqliteControlPlane(home.resolve("registry.db"), Clock.systemUTC());
        HealthCheck health = new HealthCheck("test", Clock.systemUTC(), "embedded", home, controlPlane.registry(),
                controlPlane.jobs(), new HashingEmbedder(384), () -> 0);
        McpServerFactory factory = new McpServerFactory(new ToolContext(null, null, null, null, null), "test", new ServerMetrics(),
                health);
        server = McpHttpServer.start(factory, "127.0.0.1", 0, TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
        controlPlane.close();
    }

    @Test
    void url_namesTheBoundLoopbackPortAndMcpPath() {
        assertThat(server.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
        assertThat(server.url().getPort()).isPositive();
        assertThat(server.loopback()).isTrue();
    }

    @Test
    void requestWithoutToken_gets401WithJsonErrorAndBearerChallenge() throws Exception {
        HttpResponse<String> r = http.send(initialize(null), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo("unauthorized");
        assertThat(body.get("error_description").asText()).contains("Authorization: Bearer");
    }

    @Test
    void wrongTokenOrScheme_gets401() throws Exception {
        for (String auth : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer", TOKEN}) {
            HttpResponse<String> r = http.send(initialize(auth), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(auth).isEqualTo(401);
        }
    }

    @Test
    void rightToken_opensAnMcpSession() throws Exception {
        HttpResponse<String> r = http.send(initialize("Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("mcp-session-id")).isPresent();
        assertThat(r.body()).contains("\"codebase-mcp\"");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        // The scheme is case-insensitive (RFC 7235).
        assertThat(http.send(initialize("bearer " + TOKEN), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void foreignOrigin_isRefused() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(server.url()).header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://evil.example").header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpRequest local = HttpRequest.newBuilder(server.url()).header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://localhost:6274").header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
        assertThat(http.send(local, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void foreignHostHeader_isRefused_againstDnsRebinding() throws Exception {
        // java.net.http will not send a custom Host header, so speak HTTP/1.1 over a socket.
        assertThat(rawStatusLine("evil.example:" + server.url().getPort())).contains(" 421 ");
        assertThat(rawStatusLine("localhost:" + server.url().getPort())).contains(" 200 ");
    }

    @Test
    void sdkClient_listsToolsAndResourcesAndReadsBoth() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.url().getPort())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + TOKEN))
                .build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            assertThat(client.listTools().tools()).hasSize(8);
            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                    .containsExactlyInAnyOrder("health://status", "metrics://prometheus");
            String health = text(client.readResource(new McpSchema.ReadResourceRequest("health://status")));
            assertThat(health).contains("\"status\":\"ok\"", "\"dimension\":384");
            String metrics = text(client.readResource(new McpSchema.ReadResourceRequest("metrics://prometheus")));
            assertThat(metrics).contains("# TYPE codebase_mcp_tool_calls_total counter");
        }
    }

    @Test
    void healthAndMetricsEndpoints_servePlainHttpBehindTheToken() throws Exception {
        URI base = server.url().resolve("/");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("# TYPE codebase_mcp_search_duration_seconds histogram");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(health.body()).at("/store/kind").asText()).isEqualTo("embedded");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void close_stopsListening() {
        server.close();
        assertThatThrownBy(() -> http.send(initialize("Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    private HttpRequest initialize(String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url()).header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private String rawStatusLine(String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.url().getPort())) {
            byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static String text(McpSchema.ReadResourceResult r) {
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }
}
