package dev.codebasemcp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void counter_rendersHelpTypeAndLabeledSamplesSortedByLabelValues() {
        Metrics m = new Metrics();
        Counter calls = m.counter("calls_total", "Calls by tool\nand result.", "tool", "result");
        calls.inc("search_code", "ok");
        calls.add(2, "list_projects", "ok");
        calls.inc("search_code", "error");
        calls.inc("search_code", "ok");

        assertThat(m.prometheusText()).isEqualTo("""
                # HELP calls_total Calls by tool\\nand result.
                # TYPE calls_total counter
                calls_total{tool="list_projects",result="ok"} 2
                calls_total{tool="search_code",result="error"} 1
                calls_total{tool="search_code",result="ok"} 2
                """);
        assertThat(calls.value("search_code", "ok")).isEqualTo(2);
        assertThat(calls.value("never", "ok")).isZero();
    }

    @Test
    void unlabeledCounter_isRenderedAtZeroBeforeItsFirstEvent() {
        Metrics m = new Metrics();
        m.counter("files_total", "Files.");
        assertThat(m.prometheusText()).isEqualTo("# HELP files_total Files.\n# TYPE files_total counter\nfiles_total 0\n");
    }

    @Test
    void histogram_rendersCumulativeBucketsWithInfSumAndCount() {
        Metrics m = new Metrics();
        Histogram h = m.histogram("latency_seconds", "Latency.", new double[] {0.005, 0.1, 1}, "mode");
        h.observe(0.005, "hybrid"); // on a bound: counts in that bucket (le means <=)
        h.observe(0.05, "hybrid");
        h.observe(0.5, "hybrid");
        h.observe(3, "hybrid"); // above every bound: only +Inf
        h.observeNanos(2_000_000, "lexical"); // 2 ms

        assertThat(m.prometheusText()).isEqualTo("""
                # HELP latency_seconds Latency.
                # TYPE latency_seconds histogram
                latency_seconds_bucket{mode="hybrid",le="0.005"} 1
                latency_seconds_bucket{mode="hybrid",le="0.1"} 2
                latency_seconds_bucket{mode="hybrid",le="1"} 3
                latency_seconds_bucket{mode="hybrid",le="+Inf"} 4
                latency_seconds_sum{mode="hybrid"} 3.555
                latency_seconds_count{mode="hybrid"} 4
                latency_seconds_bucket{mode="lexical",le="0.005"} 1
                latency_seconds_bucket{mode="lexical",le="0.1"} 1
                latency_seconds_bucket{mode="lexical",le="1"} 1
                latency_seconds_bucket{mode="lexical",le="+Inf"} 1
                latency_seconds_sum{mode="lexical"} 0.002
                latency_seconds_count{mode="lexical"} 1
                """);
        assertThat(h.count("hybrid")).isEqualTo(4);
        assertThat(h.sum("lexical")).isEqualTo(0.002);
    }

    @Test
    void unlabeledHistogram_rendersEveryBucketAtZero() {
        Metrics m = new Metrics();
        m.histogram("d_seconds", "D.", new double[] {0.25, 2.5});
        assertThat(m.prometheusText()).contains("d_seconds_bucket{le=\"0.25\"} 0\n", "d_seconds_bucket{le=\"2.5\"} 0\n",
                "d_seconds_bucket{le=\"+Inf\"} 0\n", "d_seconds_sum 0\n", "d_seconds_count 0\n");
    }

    @Test
    void gauge_isReadWhenRendered() {
        Metrics m = new Metrics();
        AtomicInteger running = new AtomicInteger(1);
        m.gauge("running", "Running now.", running::get);
        running.set(3);
        assertThat(m.prometheusText()).endsWith("# TYPE running gauge\nrunning 3\n");
    }

    @Test
    void labelValues_areEscaped() {
        Metrics m = new Metrics();
        m.counter("c_total", "C.", "path").inc("a\\b \"q\"\nz");
        assertThat(m.prometheusText()).contains("c_total{path=\"a\\\\b \\\"q\\\"\\nz\"} 1\n");
    }

    @Test
    void familiesRenderInRegistrationOrder() {
        Metrics m = new Metrics();
        m.counter("b_total", "B.");
        m.counter("a_total", "A.");
        String text = m.prometheusText();
        assertThat(text.indexOf("b_total")).isLessThan(text.indexOf("a_total"));
    }

    @Test
    void misuse_isRefused() {
        Metrics m = new Metrics();
        Counter c = m.counter("c_total", "C.", "tool");
        assertThatThrownBy(() -> c.add(-1, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only goes up");
        assertThatThrownBy(() -> c.inc()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 1 label values");
        assertThatThrownBy(() -> c.inc((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.counter("c_total", "again")).hasMessageContaining("already registered");
        assertThatThrownBy(() -> m.counter("bad-name", "x")).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> m.histogram("h", "x", new double[] {1}, "le")).hasMessageContaining("label name");
        assertThatThrownBy(() -> m.histogram("h2", "x", new double[] {1, 1})).hasMessageContaining("ascending");
        assertThatThrownBy(() -> m.histogram("h3", "x", new double[] {1}).observe(Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void concurrentRecording_losesNothing() throws Exception {
        Metrics m = new Metrics();
        Counter c = m.counter("c_total", "C.", "tool");
        Histogram h = m.histogram("h_seconds", "H.", new double[] {0.5}, "tool");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String tool = "t" + (t % 2);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.inc(tool);
                    h.observe(i % 2 == 0 ? 0.1 : 0.9, tool);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(c.value("t0") + c.value("t1")).isEqualTo(80_000);
        assertThat(h.count("t0")).isEqualTo(40_000);
        assertThat(m.prometheusText()).contains("h_seconds_bucket{tool=\"t1\",le=\"0.5\"} 20000\n",
                "h_seconds_count{tool=\"t1\"} 40000\n");
    }
}
