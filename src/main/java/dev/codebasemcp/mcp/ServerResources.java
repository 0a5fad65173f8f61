package dev.codebasemcp.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.metrics.HealthCheck;
import dev.codebasemcp.metrics.HealthReport;
import dev.codebasemcp.metrics.ServerMetrics;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The MCP resources: {@code health://status} (JSON) and {@code metrics://prometheus} (Prometheus text). */
final class ServerResources {

    static final String HEALTH_URI = "health://status";
    static final String METRICS_URI = "metrics://prometheus";
    static final String PROMETHEUS_MIME = "text/plain";

    private final ServerMetrics metrics;
    private final HealthCheck health;
    private final ObjectMapper json;

    ServerResources(ServerMetrics metrics, HealthCheck health, ObjectMapper json) {
        this.metrics = metrics;
        this.health = health;
        this.json = json;
    }

    List<McpServerFeatures.SyncResourceSpecification> specifications() {
        return List.of(
                resource(HEALTH_URI, "health", "Server health: status (ok or degraded, with problems), version, uptime, "
                        + "store kind, data directory and project count, embedding model and dimension, and jobs (running in "
                        + "this process; pending and running in the store).", "application/json", this::healthJson),
                resource(METRICS_URI, "metrics", "Prometheus text exposition of this server process: files indexed, chunks "
                        + "written, embeddings computed, job outcomes, searches by mode with a latency histogram, tool calls "
                        + "by tool and result with a latency histogram, running jobs.", PROMETHEUS_MIME, metrics::prometheusText));
    }

    String metricsText() {
        return metrics.prometheusText();
    }

    /** Runs the health check now. */
    HealthReport healthReport() {
        return health.check();
    }

    String healthJson() {
        return healthJson(health.check());
    }

    String healthJson(HealthReport report) {
        try {
            return json.writeValueAsString(healthMap(report));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The health report in the wire shape (snake_case). */
    static Map<String, Object> healthMap(HealthReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status());
        m.put("version", r.version());
        m.put("uptime_seconds", r.uptimeSeconds());
        m.put("process_id", r.processId());
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("kind", r.store().kind());
        store.put("data_dir", r.store().dataDir());
        store.put("projects", r.store().projects());
        m.put("store", store);
        Map<String, Object> embedder = null;
        if (r.embedder() != null) {
            embedder = new LinkedHashMap<>();
            embedder.put("model", r.embedder().id());
            embedder.put("dimension", r.embedder().dimension());
        }
        m.put("embedder", embedder);
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("running_in_process", r.jobs().runningInProcess());
        jobs.put("pending", r.jobs().pending());
        jobs.put("running", r.jobs().running());
        m.put("jobs", jobs);
        m.put("problems", r.problems());
        return m;
    }

    private static McpServerFeatures.SyncResourceSpecification resource(String uri, String name, String description, String mime,
                                                                        Supplier<String> text) {
        McpSchema.Resource resource = McpSchema.Resource.builder(uri, name).description(description).mimeType(mime).build();
        return new McpServerFeatures.SyncResourceSpecification(resource, (exchange, request) -> McpSchema.ReadResourceResult
                .builder(List.of(McpSchema.TextResourceContents.builder(uri, text.get()).mimeType(mime).build())).build());
    }
}
