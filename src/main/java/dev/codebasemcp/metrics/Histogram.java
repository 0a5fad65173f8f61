package dev.codebasemcp.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family with fixed bucket upper bounds: per combination of label values, a count per bucket, the sum and
 * the count of observations. An observation lands in the first bucket whose bound is {@code >=} it (Prometheus
 * {@code le} semantics); rendered buckets are cumulative and end with {@code le="+Inf"}.
 */
public final class Histogram extends LabeledFamily<Histogram.Series> {

    private final double[] bounds;

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        super(name, help, labelNames, () -> new Series(checkedBounds(name, bounds).length + 1));
        this.bounds = bounds.clone();
    }

    private static double[] checkedBounds(String name, double[] bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException(name + ": bucket bounds must be finite and strictly ascending");
            }
        }
        return bounds;
    }

    public void observe(double value, String... labelValues) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(name + ": cannot observe NaN");
        }
        Series s = series(labelValues);
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
        Series s = existing(labelValues);
        return s == null ? 0 : s.count();
    }

    /** Sum of observations for these label values. */
    public double sum(String... labelValues) {
        Series s = existing(labelValues);
        return s == null ? 0 : s.sum.sum();
    }

    @Override
    public String type() {
        return "histogram";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        for (var e : sortedSeries()) {
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

    static final class Series {
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
