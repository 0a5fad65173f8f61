package dev.codebasemcp.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small real repository (git-initialised) with well-known functions, written by the tests. */
final class Fixtures {
    private Fixtures() {}

    static final String RETRY_JAVA = """
            package com.acme.net;

            import java.time.Duration;
            import java.util.concurrent.ThreadLocalRandom;

            /** Decides when a failed request is tried again. */
            public final class RetryPolicy {
                private final int maxAttempts;
                private final Duration baseDelay;

                public RetryPolicy(int maxAttempts, Duration baseDelay) {
                    this.maxAttempts = maxAttempts;
                    this.baseDelay = baseDelay;
                }

                /**
                 * Computes how long to wait before the next attempt: exponential backoff with full jitter.
                 */
                public Duration computeBackoffDelay(int attempt) {
                    long cap = baseDelay.toMillis() * (1L << Math.min(attempt, 20));
                    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
                }

                /** Whether another attempt is allowed after this many failures. */
                public boolean shouldRetry(int failures) {
                    return failures < maxAttempts;
                }
            }
            """;

    static final String CSV_PY = """
            import csv


            def parse_csv_rows(path):
                \"\"\"Read a CSV file and return its rows as dictionaries keyed by the header.\"\"\"
                with open(path, newline="") as f:
                    return list(csv.DictReader(f))


            def write_report(rows, out):
                \"\"\"Write a plain-text summary with one line per row.\"\"\"
                for row in rows:
                    out.write(", ".join(f"{k}={v}" for k, v in row.items()) + "\\n")
            """;

    static final String SLUG_TS = """
            /** Turns a title into a URL slug: lowercase words joined by dashes. */
            export function slugify(title: string): string {
              return title
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, "-")
                .replace(/^-+|-+$/g, "");
            }

            export function truncate(text: string, max: number): string {
              return text.length <= max ? text : text.slice(0, max - 1) + "…";
            }
            """;

    static final String README = """
            # Acme tools

            Small helpers used across the Acme services: retries, CSV parsing and slugs.
            """;

    /** Files (repo-relative) written by {@link #writeRepo}. */
    static final List<String> FILES = List.of(".gitignore", "README.md", "src/main/java/com/acme/net/RetryPolicy.java",
            "scripts/csv_tools.py", "web/src/slug.ts");

    static Path writeRepo(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        write(dir.resolve("README.md"), README);
        write(dir.resolve("src/main/java/com/acme/net/RetryPolicy.java"), RETRY_JAVA);
        write(dir.resolve("scripts/csv_tools.py"), CSV_PY);
        write(dir.resolve("web/src/slug.ts"), SLUG_TS);
        write(dir.resolve(".gitignore"), "build/\n*.log\n");
        write(dir.resolve("build/generated/Ignored.java"), "class Ignored {}\n");
        write(dir.resolve("debug.log"), "ignored log\n");
        Process git = new ProcessBuilder("git", "init", "-q", dir.toString()).redirectErrorStream(true).start();
        if (git.waitFor() != 0) {
            throw new IOException("git init failed: " + new String(git.getInputStream().readAllBytes()));
        }
        return dir.toRealPath();
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** 1-based line of the first line containing {@code needle}. */
    static int lineOf(String content, String needle) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(needle + " not found");
    }

    /** A repository big enough that indexing it with the real model takes a while: {@code files} Java classes. */
    static Path writeBigRepo(Path dir, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            StringBuilder sb = new StringBuilder("package big.p" + (i % 10) + ";\n\n/** Component number " + i + ". */\n"
                    + "public class Component" + i + " {\n");
            for (int m = 0; m < 3; m++) {
                sb.append("    /** Computes value ").append(m).append(" of component ").append(i).append(". */\n")
                  .append("    public int compute").append(m).append("Value").append(i).append("(int input) {\n")
                  .append("        int acc = input * ").append(i + m).append(";\n")
                  .append("        for (int k = 0; k < ").append(m + 3).append("; k++) {\n")
                  .append("            acc = acc * 31 + k;\n        }\n        return acc;\n    }\n\n");
            }
            sb.append("}\n");
            write(dir.resolve("src/big/p" + (i % 10) + "/Component" + i + ".java"), sb.toString());
        }
        return dir.toRealPath();
    }

    static void config(Path dir, String projectName) throws IOException {
        write(dir.resolve(".codebase-mcp/config.json"), "{\"version\": \"1.0\", \"project\": {\"name\": \"" + projectName + "\"}}");
    }
}
