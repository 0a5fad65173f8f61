package dev.codebasemcp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family with fixed bucket upper bounds: per combination of label values, a count per bucket, the sum and
 * the count of observations. An observation lands in the first bucket whose bound is {@code >=} it (Prometheus
 * {@code le} semantics); rendered buckets are cumulative and end with {@code le="+Inf"}.
 */
public final class Histogram implements Metrics.Family {

    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> labelNames;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException(name + ": bucket bounds must be finite and strictly ascending");
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = labelNames;
        if (labelNames.isEmpty()) {
            series.put(List.of(), new Series(bounds.length + 1));
        }
    }

    public void observe(double value, String... labelValues) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(name + ": cannot observe NaN");
        }
        Series s = series.computeIfAbsent(Metrics.labelValues(name, labelNames, labelValues), k -> new Series(bounds.length + 1));
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        s.buckets[i].increment();
        s.sum.add(value);
    }

    /** Observes a duration given in nanoseconds, in seconds (the Prometheus base unit). */
    public void observeNanos(long nanos, String... labelValues) {
        observe(nanos / 1e9, labelValues);
    }

    /** Number of observations for these label values. */
    public long count(String... labelValues) {
        Series s = series.get(Metrics.labelValues(name, labelNames, labelValues));
        return s == null ? 0 : s.count();
    }

    /** Sum of observations for these label values. */
    public double sum(String... labelValues) {
        Series s = series.get(Metrics.labelValues(name, labelNames, labelValues));
        return s == null ? 0 : s.sum.sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public String type() {
        return "histogram";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        List<Map.Entry<List<String>, Series>> entries = new ArrayList<>(series.entrySet());
        entries.sort((a, b) -> Metrics.compare(a.getKey(), b.getKey()));
        for (var e : entries) {
            List<String> values = e.getKey();
            Series s = e.getValue();
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += s.buckets[i].sum();
                String le = i < bounds.length ? Metrics.number(bounds[i]) : "+Inf";
                out.append(name).append("_bucket").append(Metrics.labels(labelNames, values, "le", le)).append(' ')
                        .append(cumulative).append('\n');
            }
            String labels = Metrics.labels(labelNames, values, null, null);
            out.append(name).append("_sum").append(labels).append(' ').append(Metrics.number(s.sum.sum())).append('\n');
            // The count is the +Inf bucket, so the two always agree even while observations race with rendering.
            out.append(name).append("_count").append(labels).append(' ').append(cumulative).append('\n');
        }
    }

    private static final class Series {
        final LongAdder[] buckets;
        final DoubleAdder sum = new DoubleAdder();

        Series(int n) {
            buckets = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                buckets[i] = new LongAdder();
            }
        }

        long count() {
            long c = 0;
            for (LongAdder b : buckets) {
                c += b.sum();
            }
            return c;
        }
    }
}
