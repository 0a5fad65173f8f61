/**
 * Observability of a running server: a small dependency-free metrics registry ({@link dev.codebasemcp.metrics.Metrics}
 * with LongAdder counters, fixed-bucket histograms and gauges, rendered in the Prometheus text format), the server's own
 * instruments ({@link dev.codebasemcp.metrics.ServerMetrics}) and the health report
 * ({@link dev.codebasemcp.metrics.HealthCheck}). Reads the store ports and the embedder port; imports no adapter, no MCP
 * SDK and no HTTP server.
 */
package dev.codebasemcp.metrics;
