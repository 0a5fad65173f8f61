package dev.codebasemcp.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock samples of one operation, in nanoseconds, and their percentiles (nearest rank). */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;

    void add(long sampleNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = sampleNanos;
    }

    /** Runs {@code op} and records how long it took. */
    void time(Runnable op) {
        long t = System.nanoTime();
        op.run();
        add(System.nanoTime() - t);
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile in milliseconds (nearest rank), NaN when empty. */
    double percentileMs(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", round(percentileMs(50)));
        m.put("p95_ms", round(percentileMs(95)));
        m.put("max_ms", round(percentileMs(100)));
        m.put("samples", count);
        return m;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
    }
}
