package dev.codebasemcp.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grep baseline: stopwords out, per-word substring hits, best 30-line windows ranked by distinct words. */
class KeywordBaselineTest {

    @Test
    void words_dropStopwordsAndShortWords() {
        assertThat(KeywordBaseline.words("Returns the SIZE of an array, in bytes")).containsExactly("size", "array", "bytes");
    }

    @Test
    void windowsWithMoreDistinctWordsRankFirst() {
        StringBuilder far = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            far.append(i == 50 ? "int parseHeader(String header) {" : i == 60 ? "  checksum(bytes);" : "  x();").append('\n');
        }
        String near = "void other() {}\n// header only\n";
        KeywordBaseline kb = new KeywordBaseline(Map.of("java", Map.of("a/Far.java", far.toString(), "b/Near.java", near)));
        var hits = kb.search("java", "Parse the header and verify the checksum", 10);
        assertThat(hits).hasSize(2);
        assertThat(hits.getFirst()).isEqualTo(new Hit("a/Far.java", 40, 69));
        assertThat(hits.get(1).path()).isEqualTo("b/Near.java");
        assertThat(hits.get(1).startLine()).isEqualTo(1);
        assertThat(kb.search("java", "the and of", 10)).isEmpty();
        assertThat(kb.search("python", "header", 10)).isEmpty();
    }

    @Test
    void windowsOfOneFileDoNotOverlap() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            text.append(i % 40 == 0 ? "cache eviction here" : "noise").append('\n');
        }
        var hits = new KeywordBaseline(Map.of("go", Map.of("c.go", text.toString()))).search("go", "cache eviction", 10);
        assertThat(hits).hasSize(5);
        for (int i = 0; i < hits.size(); i++) {
            for (int j = i + 1; j < hits.size(); j++) {
                assertThat(hits.get(i).startLine() <= hits.get(j).endLine() && hits.get(j).startLine() <= hits.get(i).endLine()).isFalse();
            }
        }
    }
}
