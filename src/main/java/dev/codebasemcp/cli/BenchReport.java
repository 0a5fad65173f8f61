package dev.codebasemcp.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one {@code bench} run: printed as a table, or as JSON with the same content. */
final class BenchReport {

    private record Row(String section, String label, String text) {}

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    /** A figure: {@code text} for the table, {@code value} under {@code section.key} in JSON. */
    void put(String section, String key, String label, String text, Object value) {
        rows.add(new Row(section, label, text));
        section(section).put(key, value);
    }

    /** A JSON-only value (details the table summarises). */
    void putJson(String section, String key, Object value) {
        section(section).put(key, value);
    }

    void putLatency(String section, String key, String label, Latencies l) {
        put(section, key, label, String.format(Locale.ROOT, "p50 %7.2f ms   p95 %7.2f ms   (%d samples)", l.percentileMs(50),
                l.percentileMs(95), l.count()), l.json());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return (Map<String, Object>) json.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    }

    String table() {
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(10) + 2;
        StringBuilder sb = new StringBuilder();
        String section = null;
        for (Row r : rows) {
            if (!r.section().equals(section)) {
                section = r.section();
                sb.append('\n').append(section).append('\n');
            }
            sb.append("  ").append(r.label()).append(" ".repeat(width - r.label().length())).append(r.text()).append('\n');
        }
        return sb.toString();
    }

    String json() throws JsonProcessingException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }
}
