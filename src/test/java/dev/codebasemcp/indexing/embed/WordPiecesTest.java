package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordPiecesTest {

    @Test
    void split_cutsOnPunctuationAndLowercases() {
        assertThat(WordPieces.split("Hello, World! foo_bar")).containsExactly("hello", "world", "foo", "bar");
    }

    @Test
    void split_cutsCamelCaseAndAcronymsAndKeepsTheWholeIdentifier() {
        assertThat(WordPieces.split("parseHTTPResponse"))
                .containsExactly("parse", "http", "response", "parsehttpresponse");
    }

    @Test
    void split_cutsBetweenLettersAndDigits() {
        assertThat(WordPieces.split("utf8Decoder")).containsExactly("utf", "8", "decoder", "utf8decoder");
    }

    @Test
    void split_noWords_returnsEmpty() {
        assertThat(WordPieces.split(" {}();\n")).isEmpty();
        assertThat(WordPieces.split("")).isEmpty();
    }
}
