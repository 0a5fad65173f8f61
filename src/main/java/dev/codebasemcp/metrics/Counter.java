package dev.codebasemcp.metrics;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A counter family: one monotonically increasing count per combination of label values. */
public final class Counter extends LabeledFamily<LongAdder> {

    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, LongAdder::new);
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    /** Adds {@code amount} (0 or more; 0 makes the series visible before its first event). */
    public void add(long amount, String... labelValues) {
        if (amount < 0) {
            throw new IllegalArgumentException(name + ": a counter only goes up, cannot add " + amount);
        }
        series(labelValues).add(amount);
    }

    public long value(String... labelValues) {
        LongAdder a = existing(labelValues);
        return a == null ? 0 : a.sum();
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        for (var e : sortedSeries()) {
            out.append(name).append(Metrics.labels(labelNames, e.getKey(), null, null)).append(' ')
                    .append(e.getValue().sum()).append('\n');
        }
    }
}
