/**
 * The command line (picocli) and the composition root {@code App}: the only package that constructs store adapters,
 * the embedder and the services, and the only one printing to stdout (never in {@code serve}, where stdout is MCP).
 */
package dev.codebasemcp.cli;
