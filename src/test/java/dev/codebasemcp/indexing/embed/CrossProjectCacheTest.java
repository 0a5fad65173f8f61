package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.indexing.EmbeddingText;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a repository (a clone, a worktree) indexed as another project, in another process: the texts the indexer
 * embeds (the real chunker's chunks with their repo-relative header) are all in the shared cache, so the model runs
 * for nothing but what changed.
 */
class CrossProjectCacheTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void copyOfARepository_underAnotherProject_computesOnlyWhatChanged() throws IOException {
        Path original = dir.resolve("original");
        write(original.resolve("src/Greeter.java"), """
                package demo;

                /** Says hello. */
                public final class Greeter {
                    private final String name;

                    public Greeter(String name) {
                        this.name = name;
                    }

                    /** The greeting for this name. */
                    public String greet() {
                        return "Hello, " + name + "!";
                    }
                }
                """);
        write(original.resolve("tools/stats.py"), """
                def mean(values):
                    \"\"\"Arithmetic mean of a non-empty list.\"\"\"
                    return sum(values) / len(values)


                def spread(values):
                    return max(values) - min(values)
                """);
        write(original.resolve("README.md"), "# Demo\n\nA greeter and some statistics.\n");
        Path copy = dir.resolve("worktree");
        copyTree(original, copy);
        HashingEmbedder model = new HashingEmbedder();

        List<String> first = texts(original);
        try (SqliteControlPlane processA = new SqliteControlPlane(dir.resolve("registry.db"), CLOCK)) {
            DocumentEmbeddings.Batch a = new CachedDocumentEmbeddings(model, processA.embeddingCache(10_000), 8)
                    .embed(first, () -> {});
            assertThat(a.computed()).isEqualTo(first.size()).isGreaterThanOrEqualTo(3);
        }
        long afterFirst = model.documentsEmbedded();

        try (SqliteControlPlane processB = new SqliteControlPlane(dir.resolve("registry.db"), CLOCK)) {
            CachedDocumentEmbeddings b = new CachedDocumentEmbeddings(model, processB.embeddingCache(10_000), 8);
            DocumentEmbeddings.Batch again = b.embed(texts(copy), () -> {});
            assertThat(again.computed()).isZero();
            assertThat(again.cached()).isEqualTo(first.size());
            assertThat(model.documentsEmbedded()).isEqualTo(afterFirst);

            Files.writeString(copy.resolve("tools/stats.py"), Files.readString(copy.resolve("tools/stats.py"))
                    .replace("max(values) - min(values)", "sorted(values)[-1] - sorted(values)[0]"));
            List<String> edited = texts(copy);
            DocumentEmbeddings.Batch afterEdit = b.embed(edited, () -> {});
            long changed = edited.stream().filter(t -> !first.contains(t)).count();
            assertThat(changed).isEqualTo(1);
            assertThat(afterEdit.computed()).isEqualTo(1);
            assertThat(model.documentsEmbedded()).isEqualTo(afterFirst + 1);
        }
    }

    /** What the indexer embeds for a tree: every file's chunks, as {@link EmbeddingText} with repo-relative paths. */
    private static List<String> texts(Path root) throws IOException {
        Chunker chunker = new Chunker();
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(file).toString();
                for (Chunk c : chunker.chunk(rel, Files.readString(file))) {
                    texts.add(EmbeddingText.of(rel, c));
                }
            }
        }
        return texts;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                write(to.resolve(from.relativize(f).toString()), Files.readString(f));
            }
        }
    }
}
