package dev.codebasemcp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.codebasemcp.InvalidInputException;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the MCP server: declares every tool and maps errors in one place. Caller-fixable problems
 * ({@link InvalidInputException}) become {@code isError} results with the message; anything else is logged and also
 * returned as an {@code isError} result naming the failure, so one bad request never takes the server down.
 */
public final class McpServerFactory {

    private static final Logger log = LoggerFactory.getLogger(McpServerFactory.class);

    private final ToolContext ctx;
    private final String version;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(json);

    public McpServerFactory(ToolContext ctx, String version) {
        this.ctx = ctx;
        this.version = version;
    }

    /** A server speaking MCP over the given streams (stdin/stdout of the process in production). */
    public McpSyncServer stdio(InputStream in, OutputStream out) {
        return build(new StdioServerTransportProvider(mapper, in, out));
    }

    McpSyncServer build(McpServerTransportProvider transport) {
        return McpServer.sync(transport)
                .serverInfo("codebase-mcp", version)
                .instructions("Semantic + keyword code search over indexed repositories. Typical use: set_working_directory "
                        + "(once), start_indexing_background or index_repository on the repository, then search_code with a "
                        + "description of the code you need. Results carry exact file paths and line ranges.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .requestTimeout(Duration.ofMinutes(2))
                // Arguments are checked by Args, whose messages say how to fix the call; the SDK's generic schema
                // messages would pre-empt them.
                .validateToolInputs(false)
                .tools(specifications())
                .build();
    }

    List<McpServerFeatures.SyncToolSpecification> specifications() {
        Sessions sessions = new Sessions();
        StartIndexingTool start = new StartIndexingTool(ctx, sessions);
        List<Tool> tools = List.of(new SetWorkingDirectoryTool(ctx, sessions), start, new IndexRepositoryTool(ctx, start),
                new GetIndexingStatusTool(ctx), new CancelIndexingTool(ctx), new ListJobsTool(ctx),
                new SearchCodeTool(ctx, sessions), new ListProjectsTool(ctx));
        return tools.stream().map(t -> new McpServerFeatures.SyncToolSpecification(t.declaration(),
                (exchange, request) -> invoke(t, exchange, request))).toList();
    }

    private McpSchema.CallToolResult invoke(Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        String name = tool.declaration().name();
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
