package dev.codebasemcp.metrics;

import java.util.List;
import java.util.Objects;

/**
 * A moment's health of the server. {@code status} is {@code ok}, or {@code degraded} with the reasons in
 * {@code problems}; a part that could not be read is null.
 */
public record HealthReport(String status, String version, long uptimeSeconds, long processId, Store store, Model embedder,
                           Jobs jobs, List<String> problems) {

    public HealthReport {
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
    }

    /** The store: its kind, data directory and number of registered projects (null if the registry failed). */
    public record Store(String kind, String dataDir, Integer projects) {}

    /** The embedding model and its vector dimension. */
    public record Model(String id, int dimension) {}

    /** Jobs running in this process, and pending/running jobs in the store (all processes; null if the store failed). */
    public record Jobs(int runningInProcess, Long pending, Long running) {}
}
