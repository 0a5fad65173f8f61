package dev.codebasemcp.e2e;

/**
 * {@link McpStdioIT} on the PostgreSQL + pgvector store (CODEBASE_MCP_STORE=postgres) of the local server, in a
 * registry database of its own that is dropped afterwards with every project database it created.
 */
class McpStdioPostgresIT extends McpStdioIT {

    @Override
    ServerStore createStore() {
        return ServerStore.postgres();
    }
}
