package dev.codebasemcp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A registry of metric families rendered in the Prometheus text exposition format (version 0.0.4). Thread-safe:
 * recording is lock-free ({@link java.util.concurrent.atomic.LongAdder}); rendering reads a moment's values.
 */
public final class Metrics {

    /** The HTTP content type of {@link #prometheusText()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final List<Family> families = new CopyOnWriteArrayList<>();
    private final Map<String, Family> byName = new ConcurrentHashMap<>();

    /** A monotonically increasing count; by convention {@code name} ends in {@code _total}. */
    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, labelNames(labelNames, false)));
    }

    /** Observations counted into fixed buckets with upper bounds {@code bounds} (ascending), plus sum and count. */
    public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        return register(new Histogram(name, help, bounds, labelNames(labelNames, true)));
    }

    /** A value read when the metrics are rendered. */
    public void gauge(String name, String help, DoubleSupplier value) {
        register(new Gauge(name, help, value));
    }

    /** Every family in registration order, as Prometheus text. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            f.writeSamples(out);
        }
        return out.toString();
    }

    private <F extends Family> F register(F family) {
        if (!METRIC_NAME.matcher(family.name()).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + family.name() + "'");
        }
        if (byName.putIfAbsent(family.name(), family) != null) {
            throw new IllegalArgumentException("metric '" + family.name() + "' is already registered");
        }
        families.add(family);
        return family;
    }

    private static List<String> labelNames(String[] names, boolean histogram) {
        List<String> out = new ArrayList<>(names.length);
        for (String n : names) {
            if (n == null || !LABEL_NAME.matcher(n).matches() || n.startsWith("__") || (histogram && n.equals("le"))
                    || out.contains(n)) {
                throw new IllegalArgumentException("invalid or repeated label name '" + n + "'");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /** One metric family: name, help, type and its samples. */
    interface Family {
        String name();

        String help();

        String type();

        void writeSamples(StringBuilder out);
    }

    private record Gauge(String name, String help, DoubleSupplier value) implements Family {
        @Override
        public String type() {
            return "gauge";
        }

        @Override
        public void writeSamples(StringBuilder out) {
            out.append(name).append(' ').append(number(value.getAsDouble())).append('\n');
        }
    }

    /** {@code {a="x",b="y"}} for the given names and values, with {@code extra} (e.g. {@code le="0.5"}) last; "" if empty. */
    static String labels(List<String> names, List<String> values, String extraName, String extraValue) {
        if (names.isEmpty() && extraName == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(names.get(i)).append("=\"").append(escapeLabel(values.get(i))).append('"');
        }
        if (extraName != null) {
            if (!names.isEmpty()) {
                b.append(',');
            }
            b.append(extraName).append("=\"").append(extraValue).append('"');
        }
        return b.append('}').toString();
    }

    /** Validates label values against the family's label names. */
    static List<String> labelValues(String metric, List<String> names, String[] values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(metric + " takes " + names.size() + " label values " + names + ", got " + values.length);
        }
        for (String v : values) {
            if (v == null) {
                throw new IllegalArgumentException(metric + ": label values must not be null");
            }
        }
        return List.of(values);
    }

    /** Compares label value lists element by element, so samples render in a stable order. */
    static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A sample value: integers without a fraction, +Inf/-Inf/NaN as Prometheus spells them. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
