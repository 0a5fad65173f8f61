package dev.codebasemcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void bench_printsEveryFigureAsJson_andLeavesTheBenchmarkedTreeUntouched() throws Exception {
        Path repo = tmp.resolve("repo");
        for (int i = 0; i < 6; i++) {
            Path f = repo.resolve("src/pkg" + i % 2 + "/Widget" + i + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "package pkg;\n\n/** Parses widget number " + i + ". */\nclass Widget" + i + " {\n"
                    + "    int parseWidget" + i + "(String text) {\n        return Integer.parseInt(text.strip()) + " + i + ";\n    }\n}\n");
        }
        Map<Path, String> before = contents(repo);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new BenchCommand()).execute(repo.toString(), "--embedder", "hash", "--rounds", "1",
                    "--home", tmp.resolve("home").toString(), "--json", "--load-wait", "5");
        } finally {
            System.setOut(stdout);
        }

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode index = json.get("index");
        assertThat(index.get("full").get("files").asInt()).isEqualTo(6);
        for (String figure : new String[] {"full_seconds", "lexically_searchable_seconds", "fully_embedded_seconds",
                "unchanged_reindex_seconds", "changed_file_reindex_seconds"}) {
            assertThat(index.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(index.get("peak_heap_mb").get("sampled_used_mb").asInt()).isPositive();
        for (String condition : new String[] {"search (idle)", "search (while indexing another project)"}) {
            for (String mode : new String[] {"hybrid", "lexical", "semantic"}) {
                assertThat(json.get(condition).get(mode).get("samples").asInt()).as(condition + " " + mode).isEqualTo(20);
                assertThat(json.get(condition).get(mode).get("p95_ms").asDouble()).isPositive();
            }
        }
        assertThat(json.get("tools").get("start_new_job").get("samples").asInt()).isEqualTo(6);
        assertThat(json.get("tools").get("start_deduplicated").get("samples").asInt()).isEqualTo(20);
        assertThat(json.get("tools").get("get_indexing_status").get("samples").asInt()).isEqualTo(100);
        assertThat(contents(repo)).isEqualTo(before);
    }

    private static Map<Path, String> contents(Path dir) throws IOException {
        Map<Path, String> m = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f), Files.readString(f) + Files.getLastModifiedTime(f));
            }
        }
        return m;
    }
}
