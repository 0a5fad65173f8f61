package dev.codebasemcp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    @Test
    void finishedJobs_countByOutcomeAndAddTheirWork() {
        ServerMetrics m = new ServerMetrics();
        m.jobFinished(job(JobStatus.COMPLETED, new JobCounters(5, 5, 4, 1, 0, 0, 9, 0, 7, 2)));
        m.jobFinished(job(JobStatus.FAILED, new JobCounters(3, 3, 1, 0, 0, 0, 2, 0, 2, 0)));

        String text = m.prometheusText();
        assertThat(text).contains("codebase_mcp_jobs_finished_total{outcome=\"completed\"} 1\n",
                "codebase_mcp_jobs_finished_total{outcome=\"failed\"} 1\n",
                "codebase_mcp_jobs_finished_total{outcome=\"cancelled\"} 0\n",
                "codebase_mcp_files_indexed_total 5\n", "codebase_mcp_chunks_written_total 11\n",
                "codebase_mcp_embeddings_computed_total 9\n", "codebase_mcp_embeddings_cached_total 2\n");
    }

    @Test
    void jobStoppedWithoutATerminalState_isNotCounted() {
        ServerMetrics m = new ServerMetrics();
        m.jobFinished(job(JobStatus.RUNNING, new JobCounters(5, 5, 4, 1, 0, 0, 9, 0, 7, 2)));
        assertThat(m.prometheusText()).contains("codebase_mcp_files_indexed_total 0\n",
                "codebase_mcp_jobs_finished_total{outcome=\"completed\"} 0\n");
    }

    @Test
    void searchesAndToolCalls_areCountedWithLatencyHistograms() {
        ServerMetrics m = new ServerMetrics();
        m.runningJobs(() -> 2);
        m.searchServed("hybrid", 3_000_000);
        m.searchServed("lexical", 400_000);
        m.toolCalled("search_code", false, 4_000_000);
        m.toolCalled("search_code", true, 100_000);

        String text = m.prometheusText();
        assertThat(text).contains("codebase_mcp_searches_total{mode=\"hybrid\"} 1\n",
                "codebase_mcp_search_duration_seconds_bucket{mode=\"hybrid\",le=\"0.0025\"} 0\n",
                "codebase_mcp_search_duration_seconds_bucket{mode=\"hybrid\",le=\"0.005\"} 1\n",
                "codebase_mcp_search_duration_seconds_count{mode=\"lexical\"} 1\n",
                "codebase_mcp_tool_calls_total{tool=\"search_code\",result=\"error\"} 1\n",
                "codebase_mcp_tool_calls_total{tool=\"search_code\",result=\"ok\"} 1\n",
                "codebase_mcp_tool_call_duration_seconds_count{tool=\"search_code\"} 2\n",
                "codebase_mcp_jobs_running 2\n", "# TYPE process_start_time_seconds gauge\n");
    }

    private static Job job(JobStatus status, JobCounters counters) {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        return new Job("3f2b8c1e-8d4a-4c1e-9a57-2b7f0d1c9e42", "00000000-0000-0000-0000-000000000000", "default",
                "cb_proj_default_00000000", "/repo", false, status, JobPhase.FINALIZING, 100, "done", "done", counters, null,
                null, null, t, t, status.isTerminal() ? t : null, null, t, null, "w", 1, null, null);
    }
}
