package dev.codebasemcp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * What a server holds, captured so that a test can show a run of bad inputs changed nothing: the registered projects
 * with their repositories and index sizes, every job, the store's job counts, and every file of the data directory
 * with its size (the log and the test's stdout copy excluded: those are expected to grow).
 */
record ServerState(JsonNode projects, JsonNode jobs, JsonNode storeJobCounts, Map<String, Long> files) {

    /** Captures the state through the tools ({@code call(tool, args)}) and the data directory {@code home}. */
    static ServerState capture(BiFunction<String, Map<String, Object>, JsonNode> call, JsonNode health, Path home)
            throws IOException {
        JsonNode projects = call.apply("list_projects", Map.of());
        JsonNode jobs = call.apply("list_background_jobs", Map.of("limit", 100));
        return new ServerState(projects, jobs, health.get("jobs").deepCopy(), files(home));
    }

    /** Every regular file below {@code home} with its size, except logs and the test's own captures. */
    static Map<String, Long> files(Path home) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = home.relativize(p).toString();
                if (!Files.isRegularFile(p) || rel.startsWith("logs") || rel.equals("server.log") || rel.startsWith("stdout")) {
                    continue;
                }
                out.put(rel, Files.size(p));
            }
        }
        return out;
    }
}
