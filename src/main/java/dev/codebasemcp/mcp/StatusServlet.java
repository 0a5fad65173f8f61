package dev.codebasemcp.mcp;

import dev.codebasemcp.metrics.HealthReport;
import dev.codebasemcp.metrics.Metrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Plain HTTP views of the two resources for tools that do not speak MCP: {@code GET /health} (the health JSON; 503 when
 * degraded) and {@code GET /metrics} (Prometheus text, for a scraper). Behind the same guard as {@code /mcp}.
 */
final class StatusServlet extends HttpServlet {

    static final String HEALTH_PATH = "/health";
    static final String METRICS_PATH = "/metrics";

    private final transient ServerResources resources;

    StatusServlet(ServerResources resources) {
        this.resources = resources;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        switch (req.getServletPath()) {
            case HEALTH_PATH -> {
                HealthReport report = resources.healthReport();
                res.setStatus(report.status().equals("ok") ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                res.setContentType("application/json");
                res.getWriter().write(resources.healthJson(report));
            }
            case METRICS_PATH -> {
                res.setContentType(Metrics.CONTENT_TYPE);
                res.getWriter().write(resources.metricsText());
            }
            default -> res.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
