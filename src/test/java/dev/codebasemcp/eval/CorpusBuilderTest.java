package dev.codebasemcp.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query selection drops unfair and duplicate sentences and samples deterministically; the blanked copy is written. */
class CorpusBuilderTest {

    @TempDir
    Path tmp;

    private static DocQuery q(String path, String symbol, int start, int end, String query) {
        return new DocQuery("java", path, symbol, start, end, query);
    }

    @Test
    void select_dropsBoilerplateShortAccessorsTestsAndDuplicates() {
        List<DocQuery> candidates = List.of(
                q("a/A.java", "merge", 10, 30, "Merges two sorted runs into one sorted run"),
                q("a/A.java", "toString", 40, 45, "{@inheritDoc}"),
                q("a/A.java", "size", 50, 52, "Returns the size"),
                q("a/A.java", "getName", 60, 62, "Returns the name of this node as written"),
                q("a/test/ATest.java", "check", 10, 20, "Checks that merging keeps every element"),
                q("a/B.java", "hash", 10, 20, "Returns the hash code for a value"),
                q("a/C.java", "hash", 10, 20, "Returns the hash code for a value."));
        CorpusSlice s = CorpusBuilder.select("java", tmp, Map.of(), candidates, 100, 1);
        assertThat(s.queries()).extracting(DocQuery::symbol).containsExactly("merge");
        assertThat(s.rejected()).containsEntry("boilerplate", 1).containsEntry("too short", 1).containsEntry("accessor", 1)
                .containsEntry("test code", 1).containsEntry("duplicate", 2);
        assertThat(s.candidates()).isEqualTo(7);
    }

    @Test
    void select_samplesTheSameQueriesForTheSameSeed() {
        List<DocQuery> candidates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            candidates.add(q("a/F" + i + ".java", "m" + i, 1, 5, "Computes the checksum number " + i + " of the block"));
        }
        List<DocQuery> a = CorpusBuilder.select("java", tmp, Map.of(), candidates, 10, 7).queries();
        List<DocQuery> b = CorpusBuilder.select("java", tmp, Map.of(), candidates.reversed(), 10, 7).queries();
        List<DocQuery> c = CorpusBuilder.select("java", tmp, Map.of(), candidates, 10, 8).queries();
        assertThat(a).hasSize(10).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void build_writesTheBlankedCopyAndRemovesStaleFiles() throws IOException {
        Path src = tmp.resolve("src");
        Path out = tmp.resolve("out");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("demo/OrderBook.java"), DocExtractorTest.JAVA);
        Files.writeString(src.resolve("README.md"), "# Orders\n");
        Files.createDirectories(out);
        Files.writeString(out.resolve("stale.java"), "class Stale {}");
        CorpusSlice s = CorpusBuilder.build("java", src, out, 10, 1);
        assertThat(s.queries()).extracting(DocQuery::symbol).containsExactly("cancelAll");
        assertThat(out.resolve("stale.java")).doesNotExist();
        assertThat(Files.readString(out.resolve("demo/OrderBook.java"))).doesNotContain("refunds").contains("void cancelAll");
        assertThat(s.files()).containsOnlyKeys("demo/OrderBook.java", "README.md");
    }
}
