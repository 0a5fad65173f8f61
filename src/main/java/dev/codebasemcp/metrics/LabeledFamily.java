package dev.codebasemcp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A metric family with one series per combination of label values: holds the name, help text, label names and the
 * series, validates label values, and lists the series in a stable order for rendering.
 *
 * @param <S> the per-series state (a counter's adder, a histogram's buckets)
 */
abstract class LabeledFamily<S> implements Metrics.Family {

    final String name;
    final List<String> labelNames;
    private final String help;
    private final Supplier<S> newSeries;
    private final Map<List<String>, S> series = new ConcurrentHashMap<>();

    LabeledFamily(String name, String help, List<String> labelNames, Supplier<S> newSeries) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
        this.newSeries = newSeries;
        if (labelNames.isEmpty()) {
            series.put(List.of(), newSeries.get());
        }
    }

    /** The series for these label values, created on first use. */
    final S series(String... labelValues) {
        return series.computeIfAbsent(Metrics.labelValues(name, labelNames, labelValues), k -> newSeries.get());
    }

    /** The series for these label values, or null when nothing was recorded for them. */
    final S existing(String... labelValues) {
        return series.get(Metrics.labelValues(name, labelNames, labelValues));
    }

    /** Every series, ordered by label values, so the exposition is stable between scrapes. */
    final List<Map.Entry<List<String>, S>> sortedSeries() {
        List<Map.Entry<List<String>, S>> entries = new ArrayList<>(series.entrySet());
        entries.sort((a, b) -> Metrics.compare(a.getKey(), b.getKey()));
        return entries;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String help() {
        return help;
    }
}
