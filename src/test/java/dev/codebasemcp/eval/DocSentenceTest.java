package dev.codebasemcp.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocSentenceTest {

    @Test
    void javadoc_inlineTagsAndHtmlBecomePlainWords() {
        assertThat(DocSentence.fromBlockComment("""
                /**
                 * Returns {@code true} if {@link Foo#bar(int, int)} accepts <em>every</em> element of {@link java.util.List the list}.
                 * Second sentence.
                 */"""))
                .isEqualTo("Returns true if bar accepts every element of the list");
    }

    @Test
    void firstSentence_ignoresAbbreviationsAndStopsAtTags() {
        assertThat(DocSentence.firstSentence("Parses a value, e.g. a number, from text. More.")).isEqualTo("Parses a value, e.g. a number, from text");
        assertThat(DocSentence.firstSentence("Opens the file\n@param path where")).isEqualTo("Opens the file");
        assertThat(DocSentence.firstSentence("Reads the header\n\nDetails follow.")).isEqualTo("Reads the header");
    }

    @Test
    void docstring_rolesAndQuotesAreRemoved() {
        assertThat(DocSentence.fromDocstring("r'''Build a :class:`Request` from ``args``.\n\n:param args: x'''"))
                .isEqualTo("Build a Request from args");
    }

    @Test
    void goComments_joinLines() {
        assertThat(DocSentence.fromLineComments(List.of("// Walk visits every node", "// in depth-first order. It stops early.")))
                .isEqualTo("Walk visits every node in depth-first order");
    }
}
