package dev.codebasemcp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A counter family: one monotonically increasing count per combination of label values. */
public final class Counter implements Metrics.Family {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
        if (labelNames.isEmpty()) {
            series.put(List.of(), new LongAdder());
        }
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    /** Adds {@code amount} (0 or more; 0 makes the series visible before its first event). */
    public void add(long amount, String... labelValues) {
        if (amount < 0) {
            throw new IllegalArgumentException(name + ": a counter only goes up, cannot add " + amount);
        }
        series.computeIfAbsent(Metrics.labelValues(name, labelNames, labelValues), k -> new LongAdder()).add(amount);
    }

    public long value(String... labelValues) {
        LongAdder a = series.get(Metrics.labelValues(name, labelNames, labelValues));
        return a == null ? 0 : a.sum();
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
        return "counter";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        List<Map.Entry<List<String>, LongAdder>> entries = new ArrayList<>(series.entrySet());
        entries.sort((a, b) -> Metrics.compare(a.getKey(), b.getKey()));
        for (var e : entries) {
            out.append(name).append(Metrics.labels(labelNames, e.getKey(), null, null)).append(' ')
                    .append(e.getValue().sum()).append('\n');
        }
    }
}
