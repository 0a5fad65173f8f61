package dev.codebasemcp.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;

/** One MCP tool: its declaration and its handler. Handlers throw InvalidInputException for caller-fixable input. */
interface Tool {
    McpSchema.Tool declaration();

    /** Argument names the tool accepts; any other is refused. */
    Set<String> arguments();

    Map<String, Object> call(Call call) throws InterruptedException;

    /** One invocation: arguments, the session it came from, and the exchange (for progress notifications). */
    record Call(Args args, String sessionId, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {}
}
