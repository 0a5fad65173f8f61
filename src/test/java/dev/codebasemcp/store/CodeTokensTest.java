package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodeTokensTest {

    @Test
    void terms_camelCaseWithAcronymAndDigits_emitsWholeAndParts() {
        assertThat(CodeTokens.terms("parseHTTPResponse2"))
                .containsExactly("parsehttpresponse2", "pars", "http", "respons", "2", "parsehttp", "httpresponse", "response2");
    }

    @Test
    void terms_threeOrMoreParts_alsoJoinNeighbours_soACompoundQueryWordMatches() {
        assertThat(CodeTokens.terms("toUpperCase")).containsExactly("touppercase", "to", "upper", "cas", "toupper", "uppercase");
        assertThat(CodeTokens.terms("get_file_name")).contains("getfile", "filename");
        assertThat(CodeTokens.queryTerms("convert to uppercase")).contains("uppercase");
        assertThat(CodeTokens.terms("toUpperCase")).containsAnyElementsOf(CodeTokens.queryTerms("uppercase"));
        assertThat(CodeTokens.queryTerms("toUpperCase")).containsExactly("touppercase", "upper", "cas");
    }

    @Test
    void terms_path_emitsSegmentsBaseNamePartsAndExtension() {
        assertThat(CodeTokens.terms("src/main/FooBar.java"))
                .containsExactly("src", "main", "foobar", "foo", "bar", "java");
    }

    @Test
    void terms_snakeAndKebabCase_shareWholeTermWithCamelCase() {
        List<String> snake = CodeTokens.terms("read_file");
        List<String> kebab = CodeTokens.terms("read-file");
        List<String> camel = CodeTokens.terms("readFile");
        assertThat(snake).containsExactly("readfile", "read", "fil");
        assertThat(kebab).isEqualTo(snake);
        assertThat(camel).isEqualTo(snake);
    }

    @Test
    void terms_upperSnakeConstant_splitsOnUnderscores() {
        assertThat(CodeTokens.terms("MAX_VALUE")).containsExactly("maxvalue", "max", "valu");
    }

    @Test
    void terms_dunderName_isOneWord() {
        assertThat(CodeTokens.terms("__init__")).containsExactly("init");
    }

    @Test
    void terms_minusBetweenSpacedOperands_separates() {
        assertThat(CodeTokens.terms("count - offset")).containsExactly("count", "offset");
        assertThat(CodeTokens.terms("a->next")).containsExactly("next");
    }

    @Test
    void terms_singleLettersDropped_digitsKept() {
        assertThat(CodeTokens.terms("for (int i = 0; i < n; i++) x1")).containsExactly("for", "int", "0", "x1", "1");
    }

    @Test
    void terms_letterDigitBoundaries_split() {
        assertThat(CodeTokens.terms("sha256sum utf8")).containsExactly("sha256sum", "sha", "256", "sum", "sha256", "256sum", "utf8", "utf", "8");
    }

    @Test
    void terms_oneWordIdentifier_notRepeatedUnlessStemChanges() {
        assertThat(CodeTokens.terms("read")).containsExactly("read");
        assertThat(CodeTokens.terms("parsing")).containsExactly("parsing", "pars");
    }

    @Test
    void terms_keepsRepeatsForTermFrequency() {
        assertThat(CodeTokens.terms("cache cache")).containsExactly("cache", "cach", "cache", "cach");
    }

    @Test
    void terms_nonAsciiLetters_lowercasedNotStemmed() {
        assertThat(CodeTokens.terms("größeBerechnen")).containsExactly("größeberechnen", "größe", "berechnen");
    }

    @Test
    void terms_hugeRun_skipped_longIdentifierKeepsParts() {
        String blob = "A".repeat(CodeTokens.MAX_RUN + 1);
        assertThat(CodeTokens.terms(blob + " ok")).containsExactly("ok");
        String longId = "VeryLongName".repeat(6);
        assertThat(CodeTokens.terms(longId)).doesNotContain(longId.toLowerCase()).contains("very", "long", "nam");
    }

    @Test
    void terms_emptyAndPunctuation_emitNothing() {
        assertThat(CodeTokens.terms("")).isEmpty();
        assertThat(CodeTokens.terms("{}();,.!? -- __")).isEmpty();
    }

    @Test
    void queryTerms_sentence_dropsStopwordsAndMatchesInflections() {
        assertThat(CodeTokens.queryTerms("read the file into a string"))
                .containsExactly("read", "file", "fil", "string");
        assertThat(CodeTokens.queryTerms("how are files parsed?")).containsExactly("files", "fil", "parsed", "pars");
    }

    @Test
    void queryTerms_identifier_sameTermsAsIndexing_withoutDuplicates() {
        assertThat(CodeTokens.queryTerms("parseHttpResponse parse"))
                .containsExactly("parsehttpresponse", "pars", "http", "respons", "parse");
    }

    @Test
    void queryTerms_onlyStopwords_isEmpty() {
        assertThat(CodeTokens.queryTerms("what is the")).isEmpty();
        assertThat(CodeTokens.queryTerms("  ")).isEmpty();
    }

    @Test
    void queryTerms_stopwordPartOfIdentifier_dropped_wholeKept() {
        assertThat(CodeTokens.queryTerms("isEmpty")).containsExactly("isempty", "empty");
    }

    @Test
    void stem_inflectionsMeet() {
        assertStemsEqual("parse", "parses", "parsing", "parsed");
        assertStemsEqual("index", "indexes", "indexing", "indexed");
        assertStemsEqual("entry", "entries");
        assertStemsEqual("copy", "copies", "copied", "copying");
        assertStemsEqual("get", "gets", "getting");
        assertStemsEqual("run", "runs", "running");
        assertStemsEqual("class", "classes");
        assertStemsEqual("process", "processes", "processing", "processed");
        assertStemsEqual("match", "matches", "matching", "matched");
        assertStemsEqual("embed", "embeds", "embedding", "embedded", "embeddings");
        assertStemsEqual("call", "calls", "calling", "called");
        assertStemsEqual("add", "adds", "adding", "added");
        assertStemsEqual("setting", "settings", "set");
        assertStemsEqual("use", "uses");
    }

    @Test
    void stem_leavesShortWordsAndFalseSuffixesAlone() {
        assertThat(CodeTokens.stem("string")).isEqualTo("string");
        assertThat(CodeTokens.stem("strings")).isEqualTo("string");
        assertThat(CodeTokens.stem("thing")).isEqualTo("thing");
        assertThat(CodeTokens.stem("status")).isEqualTo("status");
        assertThat(CodeTokens.stem("analysis")).isEqualTo("analysis");
        assertThat(CodeTokens.stem("has")).isEqualTo("has");
        assertThat(CodeTokens.stem("speed")).isEqualTo("speed");
        assertThat(CodeTokens.stem("http2")).isEqualTo("http2");
    }

    private static void assertStemsEqual(String base, String... forms) {
        for (String f : forms) {
            assertThat(CodeTokens.stem(f)).as("stem(%s) vs stem(%s)", f, base).isEqualTo(CodeTokens.stem(base));
        }
    }
}
