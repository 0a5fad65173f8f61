package dev.codebasemcp.indexing.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.Chunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each fixture under {@code src/test/resources/chunk/<language>/} has a {@code .golden} file beside it
 * listing its chunks as {@code startLine-endLine kind symbol} with the default options, and a {@code .nomerge.golden}
 * file with merging switched off ({@code minChars = 0}), which shows each definition with the comments attached to
 * it. Run with {@code -Dchunk.updateGolden=true} to rewrite them from the current output, then review the diff by
 * eye: a golden file is a statement of what is right.
 */
class ChunkerGoldenTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "chunk");
    private static final boolean UPDATE = Boolean.getBoolean("chunk.updateGolden");

    private static final ChunkerOptions NO_MERGE = new ChunkerOptions(80, 2_400, 0, 40);

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".golden"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void chunk_fixture_matchesGoldenFile(Path fixture) throws IOException {
        assertMatchesGolden(fixture, new Chunker(), ".golden");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void chunk_fixtureWithoutMerging_matchesGoldenFile(Path fixture) throws IOException {
        assertMatchesGolden(fixture, new Chunker(NO_MERGE), ".nomerge.golden");
    }

    private static void assertMatchesGolden(Path fixture, Chunker chunker, String suffix) throws IOException {
        String language = fixture.getParent().getFileName().toString();
        List<Chunk> chunks = chunker.chunk(FIXTURES.relativize(fixture).toString(), Files.readString(fixture));

        assertThat(chunks).allSatisfy(c -> assertThat(c.language()).isEqualTo(language));
        List<String> actual = new ArrayList<>();
        for (Chunk c : chunks) {
            String symbol = c.symbol() == null ? "" : " " + c.symbol();
            actual.add(c.startLine() + "-" + c.endLine() + " " + c.kind() + symbol);
        }
        Path golden = fixture.resolveSibling(fixture.getFileName() + suffix);
        if (UPDATE) {
            Files.write(golden, actual);
        }
        assertThat(golden).as("golden file for %s (create it with -Dchunk.updateGolden=true)", fixture).exists();
        assertThat(actual).as("chunks of %s", fixture).containsExactlyElementsOf(Files.readAllLines(golden));
    }

    @Test
    void fixtures_coverEveryTreeSitterLanguage() throws IOException {
        List<String> languages = fixtures().map(p -> p.getParent().getFileName().toString()).distinct().toList();

        assertThat(languages).containsAll(Grammars.languages());
    }
}
