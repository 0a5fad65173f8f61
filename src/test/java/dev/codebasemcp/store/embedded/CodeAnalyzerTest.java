package dev.codebasemcp.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.store.CodeTokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class CodeAnalyzerTest {

    private static List<String> analyze(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(LuceneSchema.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void analyzer_emitsExactlyCodeTokensTerms() throws IOException {
        String text = "src/main/FooBar.java\nResponse parseHTTPResponse2(byte[] raw) { return read_file(raw); }";
        try (CodeAnalyzer analyzer = new CodeAnalyzer()) {
            assertThat(analyze(analyzer, text)).isEqualTo(CodeTokens.terms(text));
        }
    }

    @Test
    void analyzer_reusedAcrossValues_startsFreshEachTime() throws IOException {
        try (CodeAnalyzer analyzer = new CodeAnalyzer()) {
            assertThat(analyze(analyzer, "alphaBeta")).containsExactly("alphabeta", "alpha", "beta");
            assertThat(analyze(analyzer, "gamma")).containsExactly("gamma");
            assertThat(analyze(analyzer, "")).isEmpty();
        }
    }

    @Test
    void analyzer_longInput_readsPastItsBuffer() throws IOException {
        String text = "word ".repeat(5000) + "lastIdentifier";
        try (CodeAnalyzer analyzer = new CodeAnalyzer()) {
            List<String> terms = analyze(analyzer, text);
            assertThat(terms).hasSize(5003).endsWith("lastidentifier", "last", "identifier");
        }
    }
}
