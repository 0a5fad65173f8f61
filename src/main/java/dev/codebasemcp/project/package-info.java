/**
 * Project resolution (DESIGN §3): config file discovery with an mtime-validated cache, and get-or-create of the
 * project in the registry. Depends on the store ports only; never on MCP or a store adapter.
 */
package dev.codebasemcp.project;
