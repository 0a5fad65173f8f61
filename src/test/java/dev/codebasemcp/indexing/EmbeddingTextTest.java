package dev.codebasemcp.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.Chunk;
import org.junit.jupiter.api.Test;

class EmbeddingTextTest {

    @Test
    void header_namesPathKindSymbolAndTheSymbolAsWords() {
        Chunk c = new Chunk("java", "method", "Ascii.toUpperCase", 10, 12, "static String toUpperCase(String s) {}");
        assertThat(EmbeddingText.of("base/Ascii.java", c))
                .isEqualTo("base/Ascii.java | method Ascii.toUpperCase (ascii to upper case)\nstatic String toUpperCase(String s) {}");
    }

    @Test
    void words_splitCamelCaseSnakeCaseAcronymsDigitsAndKeepListCommas() {
        assertThat(EmbeddingText.words("parseHTTP2Response")).isEqualTo("parse http 2 response");
        assertThat(EmbeddingText.words("atomic_open")).isEqualTo("atomic open");
        assertThat(EmbeddingText.words("Route.BuildOnly, Route.Handler")).isEqualTo("route build only, route handler");
        assertThat(EmbeddingText.words("größeÄndern")).isEqualTo("größe ändern");
    }

    @Test
    void header_omitsTheWordsWhenTheyAddNothing() {
        assertThat(EmbeddingText.of("a.py", new Chunk("python", "function", "main", 1, 2, "def main(): pass")))
                .isEqualTo("a.py | function main\ndef main(): pass");
        assertThat(EmbeddingText.of("notes.md", new Chunk("markdown", "section", null, 1, 2, "text"))).isEqualTo("notes.md\ntext");
    }

    @Test
    void vectorsId_carriesTheTextFormat() {
        assertThat(EmbeddingText.vectorsId("onnx:bge-small-en-v1.5-q")).isEqualTo("onnx:bge-small-en-v1.5-q#text" + EmbeddingText.FORMAT);
    }
}
