package dev.codebasemcp.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

class McpServerFactoryTest {

    @Test
    void specifications_declareAllEightToolsWithSchemasAndAnnotations() {
        var specs = new McpServerFactory(new ToolContext(null, null, null, null, null), "test", new ServerMetrics(), null).specifications();
        assertThat(specs).extracting(s -> s.tool().name()).containsExactly("set_working_directory", "start_indexing_background",
                "index_repository", "get_indexing_status", "cancel_indexing_background", "list_background_jobs", "search_code",
                "list_projects");
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.tool().description()).hasSizeGreaterThan(60);
            assertThat(s.tool().annotations()).isNotNull();
            assertThat(s.tool().inputSchema()).containsEntry("type", "object");
        });
    }

    @Test
    void warmUp_runsASessionAndReturns_withoutCountingItsCalls() {
        ServerMetrics metrics = new ServerMetrics();
        // Stores are missing here, so the tool calls fail inside the handlers: warm-up must still end, quietly.
        McpServerFactory factory = new McpServerFactory(new ToolContext(null, null, null, null, null), "test", metrics, null);
        long start = System.nanoTime();
        factory.warmUp();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
        assertThat(metrics.prometheusText()).doesNotContain("codebase_mcp_tool_calls_total{");
    }
}
