/**
 * The MCP surface (DESIGN §7): the server factory, one small class per tool, argument parsing, JSON shaping and the
 * single place where caller-fixable errors become {@code isError} results. The only package importing the MCP SDK.
 * No business logic: tools parse arguments, resolve the project, call a service and shape its answer.
 */
package dev.codebasemcp.mcp;
