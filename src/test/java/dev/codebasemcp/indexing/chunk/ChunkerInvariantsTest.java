package dev.codebasemcp.indexing.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codebasemcp.Chunk;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property checks: for every fixture, every fixture cut in half (broken syntax), big real files from the JDK
 * sources and a few nasty inputs, under several option sets, the chunks are sorted, disjoint, exact, within the
 * limits and cover every non-blank line.
 */
class ChunkerInvariantsTest {
    private static final List<ChunkerOptions> OPTIONS = List.of(
            ChunkerOptions.defaults(),
            new ChunkerOptions(80, 2_400, 0, 40),
            new ChunkerOptions(12, 400, 150, 8));

    /** Big, varied JDK sources: deep nesting, huge classes, long Javadoc, enums, records, sealed types. */
    private static final List<String> JDK_FILES = List.of(
            "java.base/java/util/concurrent/ConcurrentHashMap.java",
            "java.base/java/util/HashMap.java",
            "java.base/java/util/regex/Pattern.java",
            "java.base/java/lang/String.java",
            "java.base/java/lang/Character.java",
            "java.base/java/util/Collections.java",
            "java.base/java/util/Formatter.java",
            "java.base/java/math/BigDecimal.java",
            "java.base/java/util/stream/Collectors.java",
            "java.base/java/time/format/DateTimeFormatterBuilder.java",
            "java.base/java/lang/invoke/MethodHandles.java",
            "java.base/java/util/concurrent/CompletableFuture.java",
            "java.base/java/lang/classfile/ClassFile.java",
            "java.base/java/util/Spliterators.java",
            "java.desktop/javax/swing/JTable.java");

    static Stream<Arguments> fixturesWithOptions() throws IOException {
        return ChunkerGoldenTest.fixtures().flatMap(p -> OPTIONS.stream().map(o -> Arguments.of(p, o)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixturesWithOptions")
    void chunk_fixture_meetsContract(Path fixture, ChunkerOptions options) throws IOException {
        String content = Files.readString(fixture);

        check(fixture.toString(), content, options);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixturesWithOptions")
    void chunk_fixtureCutInHalf_meetsContract(Path fixture, ChunkerOptions options) throws IOException {
        String content = Files.readString(fixture);
        String broken = content.substring(0, content.length() / 2) + "\n}}) ]] end fi esac\n" + "x".repeat(3);

        check(fixture.toString(), broken, options);
    }

    @Test
    void chunk_bigJdkSources_meetContract() throws IOException {
        Path srcZip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        assumeTrue(Files.isReadable(srcZip), "JDK sources not installed: " + srcZip);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + srcZip.toUri()), Map.of())) {
            for (String name : JDK_FILES) {
                Path file = zip.getPath(name);
                assertThat(file).as("JDK source %s", name).exists();
                String content = Files.readString(file);
                for (ChunkerOptions options : OPTIONS) {
                    check(name, content, options);
                }
            }
        }
    }

    @Test
    void chunk_nastyInputs_meetContract() {
        String deep = "class Deep {\n void m() {\n" + "  if (a) {\n".repeat(300) + "  x();\n" + "  }\n".repeat(300)
                + " }\n}\n";
        String longLine = "const data = [" + "1, ".repeat(5_000) + "];\n";
        String crlf = "import os\r\n\r\n# doc\r\ndef f():\r\n    return 1\r\n\r\n\r\nprint(f())\r\n";
        String unicode = "/** Ünïcödé 😀 doc */\nclass Émoji {\n  /** 🎉 */\n  void 名前() { String s = \"😀😀\"; }\n}\n";
        String concatenation = "class C {\n String s =\n" + "  \"part\" +\n".repeat(2_000) + "  \"end\";\n}\n";
        for (ChunkerOptions options : OPTIONS) {
            check("Deep.java", deep, options);
            check("data.js", longLine, options);
            check("crlf.py", crlf, options);
            check("Unicode.java", unicode, options);
            check("Concat.java", concatenation, options);
            check("only-comments.go", "// a\n// b\n\n/* c */\n", options);
            check("garbage.rs", "}{][)(;;;\n\n\t\t}}}\n<<<>>>\n", options);
            check("notes.txt", "a\n\n\n   \nb\n", options);
            check("no-newline.md", "# Title\ntext", options);
            check("blank-lines.c", "\n\n\nint x;\n\n\n", options);
        }
    }

    private static void check(String path, String content, ChunkerOptions options) {
        List<Chunk> chunks = new Chunker(options).chunk(path, content);

        ChunkInvariants.assertValid(path, content, chunks, options);
    }
}
