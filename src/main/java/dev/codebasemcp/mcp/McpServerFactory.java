package dev.codebasemcp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.metrics.HealthCheck;
import dev.codebasemcp.metrics.ServerMetrics;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the MCP server: declares every tool and the resources ({@code health://status}, {@code metrics://prometheus}),
 * maps errors in one place and records every tool call in the metrics. Caller-fixable problems
 * ({@link InvalidInputException}) become {@code isError} results with the message; anything else is logged and also
 * returned as an {@code isError} result naming the failure, so one bad request never takes the server down.
 * One factory builds one server; that server keeps per-session state (working directories) for all its sessions.
 */
public final class McpServerFactory {

    private static final Logger log = LoggerFactory.getLogger(McpServerFactory.class);

    private final ToolContext ctx;
    private final String version;
    private final ServerMetrics metrics;
    private final HealthCheck health;
    private final ObjectMapper json;
    private final JacksonMcpJsonMapper mapper;

    /**
     * @param metrics where tool calls and searches are recorded, and what {@code metrics://prometheus} renders
     * @param health what {@code health://status} reports
     */
    public McpServerFactory(ToolContext ctx, String version, ServerMetrics metrics, HealthCheck health) {
        this.ctx = ctx;
        this.version = version;
        this.metrics = metrics;
        this.health = health;
        this.json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.mapper = new JacksonMcpJsonMapper(json);
    }

    /** The same factory (same JSON mappers, so their caches warm for it) recording tool calls in other metrics. */
    private McpServerFactory(McpServerFactory base, ServerMetrics metrics) {
        this.ctx = base.ctx;
        this.version = base.version;
        this.metrics = metrics;
        this.health = base.health;
        this.json = base.json;
        this.mapper = base.mapper;
    }

    /** A server speaking MCP over the given streams (stdin/stdout of the process in production). */
    public McpSyncServer stdio(InputStream in, OutputStream out) {
        return configure(McpServer.sync(new StdioServerTransportProvider(mapper, in, out)));
    }

    /**
     * Runs one MCP session through a throwaway stdio server over in-memory pipes: initialize, then read-only tool calls
     * ({@code list_projects}, {@code get_indexing_status} of an unknown job). The first request of a JVM pays for class
     * loading and JIT of the SDK, Jackson and reactor paths: the first {@code start_indexing_background} of a fresh
     * server took 95-134 ms round trip (13-21 ms after this warm-up), of which our handler was under 20 ms. Call it on
     * a background thread; it returns when the session ended (or after 10 s). Its calls are not counted in the metrics.
     */
    public void warmUp() {
        try (PipedOutputStream toServer = new PipedOutputStream();
             PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
             PipedInputStream fromServer = new PipedInputStream(1 << 16);
             PipedOutputStream serverOut = new PipedOutputStream(fromServer)) {
            // its own metrics: the warm-up's calls are not the clients'
            McpSyncServer server = new McpServerFactory(this, new ServerMetrics()).stdio(serverIn, serverOut);
            try {
                BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
                Writer requests = new OutputStreamWriter(toServer, StandardCharsets.UTF_8);
                String[] messages = {
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"1\"}}}",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"list_projects\",\"arguments\":{}}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_indexing_status\","
                                + "\"arguments\":{\"job_id\":\"" + UUID.randomUUID() + "\"}}}"};
                long deadline = System.nanoTime() + 10_000_000_000L;
                for (String m : messages) {
                    requests.write(m + "\n");
                    requests.flush();
                    if (m.contains("\"id\"")) {
                        // one reply per request; the pipe's reader must be drained for the writer thread to go on
                        while (System.nanoTime() < deadline) {
                            String line = replies.readLine();
                            if (line == null || line.contains("\"id\"")) {
                                break;
                            }
                        }
                    }
                }
            } finally {
                server.closeGracefully();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("MCP warm-up session failed (harmless): {}", e.toString());
        }
    }

    /** A server serving any number of MCP sessions over a Streamable HTTP transport (see {@link McpHttpServer}). */
    McpSyncServer streamable(McpStreamableServerTransportProvider transport) {
        return configure(McpServer.sync(transport));
    }

    JacksonMcpJsonMapper jsonMapper() {
        return mapper;
    }

    ServerResources resources() {
        return new ServerResources(metrics, health, json);
    }

    private McpSyncServer configure(McpServer.SyncSpecification<?> spec) {
        return spec
                .serverInfo("codebase-mcp", version)
                .instructions("Semantic + keyword code search over indexed repositories. Typical use: set_working_directory "
                        + "(once), start_indexing_background or index_repository on the repository, then search_code with a "
                        + "description of the code you need. Results carry exact file paths and line ranges.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).logging().build())
                .requestTimeout(Duration.ofMinutes(2))
                // Arguments are checked by Args, whose messages say how to fix the call; the SDK's generic schema
                // messages would pre-empt them.
                .validateToolInputs(false)
                .tools(specifications())
                .resources(resources().specifications())
                .build();
    }

    /**
     * Calls a tool's handler in-process, exactly as a {@code tools/call} request would, without a transport or session
     * (used by {@code bench} to time the handlers). Each call builds the tools afresh; hold on to the returned function
     * to call a tool many times.
     *
     * @return a function from arguments to the result's structured content; it throws {@link IllegalStateException}
     *         with the tool's message when the result is an error
     */
    public Function<Map<String, Object>, Map<String, Object>> toolHandler(String name) {
        McpServerFeatures.SyncToolSpecification spec = specifications().stream().filter(s -> s.tool().name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no tool named " + name));
        return args -> {
            McpSchema.CallToolResult r = spec.callHandler().apply(null, new McpSchema.CallToolRequest(name, args));
            if (Boolean.TRUE.equals(r.isError())) {
                throw new IllegalStateException(name + ": " + r.content());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) r.structuredContent();
            return out;
        };
    }

    List<McpServerFeatures.SyncToolSpecification> specifications() {
        Sessions sessions = new Sessions();
        StartIndexingTool start = new StartIndexingTool(ctx, sessions);
        List<Tool> tools = List.of(new SetWorkingDirectoryTool(ctx, sessions), start, new IndexRepositoryTool(ctx, start),
                new GetIndexingStatusTool(ctx), new CancelIndexingTool(ctx), new ListJobsTool(ctx),
                new SearchCodeTool(ctx, sessions, metrics), new ListProjectsTool(ctx));
        return tools.stream().map(t -> {
            McpSchema.Tool declaration = t.declaration();
            return new McpServerFeatures.SyncToolSpecification(declaration,
                    (exchange, request) -> invoke(t, declaration.name(), exchange, request));
        }).toList();
    }

    private McpSchema.CallToolResult invoke(Tool tool, String name, McpSyncServerExchange exchange,
                                            McpSchema.CallToolRequest request) {
        long start = System.nanoTime();
        McpSchema.CallToolResult result = handle(tool, name, exchange, request);
        metrics.toolCalled(name, Boolean.TRUE.equals(result.isError()), System.nanoTime() - start);
        return result;
    }

    private McpSchema.CallToolResult handle(Tool tool, String name, McpSyncServerExchange exchange,
                                            McpSchema.CallToolRequest request) {
        try {
            Args args = new Args(name, request.arguments(), tool.arguments());
            Map<String, Object> out = tool.call(new Tool.Call(args, exchange == null ? null : exchange.sessionId(), exchange, request));
            return McpSchema.CallToolResult.builder()
                    .addTextContent(json.writeValueAsString(out))
                    .structuredContent(out)
                    .isError(false)
                    .build();
        } catch (InvalidInputException e) {
            log.debug("{} refused: {}", name, e.getMessage());
            return error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(name + " was interrupted (server shutting down)");
        } catch (Exception | Error e) {
            log.error("{} failed unexpectedly", name, e);
            return error(name + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ". This is a server problem, not your input; details are in the server log.");
        }
    }

    private McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
