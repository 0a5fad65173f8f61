/**
 * The MCP surface (DESIGN §7): the server factory, one small class per tool, the two resources, argument parsing, JSON
 * shaping and the single place where caller-fixable errors become {@code isError} results; the stdio transport and the
 * Streamable HTTP server ({@code McpHttpServer} on embedded Jetty, with its request guard). The only package importing
 * the MCP SDK, the servlet API and Jetty. No business logic: tools parse arguments, resolve the project, call a service
 * and shape its answer.
 */
package dev.codebasemcp.mcp;
