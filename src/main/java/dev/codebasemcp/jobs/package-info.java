/**
 * Background indexing jobs (DESIGN §6): submission, status, cancel, workers that claim jobs from the job store,
 * heartbeats, crash recovery and retention. Receives immutable {@link dev.codebasemcp.ProjectRef} values, never a
 * session or request. Depends on indexing and the store ports; never on MCP or a store adapter.
 */
package dev.codebasemcp.jobs;
