package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import org.junit.jupiter.api.Test;

class SearchFilterTest {

    @Test
    void directoryPrefix_matchesWholeSegmentsOnly() {
        SearchFilter f = SearchFilter.of(null, null, null, "src/main/");
        assertThat(f.pathPrefix()).isEqualTo("src/main");
        assertThat(f.matchesPath("src/main/A.java")).isTrue();
        assertThat(f.matchesPath("src/mainframe/B.java")).isFalse();
        assertThat(SearchFilter.of(null, null, null, "./src").pathPrefix()).isEqualTo("src");
    }

    @Test
    void globs_starStaysInSegment_doubleStarCrossesSegments() {
        SearchFilter f = SearchFilter.of(null, null, null, "src/**/test/*.java");
        assertThat(f.matchesPath("src/test/A.java")).isTrue();
        assertThat(f.matchesPath("src/a/b/test/A.java")).isTrue();
        assertThat(f.matchesPath("src/a/test/sub/A.java")).isFalse();
        assertThat(f.matchesPath("lib/test/A.java")).isFalse();
        SearchFilter py = SearchFilter.of(null, null, null, "**/*.py");
        assertThat(py.matchesPath("a.py")).isTrue();
        assertThat(py.matchesPath("x/y/a.py")).isTrue();
        assertThat(py.matchesPath("x/y/a.pyc")).isFalse();
        SearchFilter dir = SearchFilter.of(null, null, null, "web/*");
        assertThat(dir.matchesPath("web/src/slug.ts")).isTrue();
        assertThat(SearchFilter.of(null, null, null, "file?.[ch]").matchesPath("file1.c")).isTrue();
        assertThat(SearchFilter.of(null, null, null, "a+b(c)/*.txt").matchesPath("a+b(c)/x.txt")).isTrue();
    }

    @Test
    void fileType_acceptsExtensionForms() {
        assertThat(SearchFilter.of(null, null, ".PY", null).fileExtension()).isEqualTo("py");
        assertThat(SearchFilter.of(null, null, "*.ts", null).fileExtension()).isEqualTo("ts");
        assertThat(SearchFilter.of(null, "Java", null, null).language()).isEqualTo("java");
    }

    @Test
    void badFilters_areActionableErrors() {
        assertThatThrownBy(() -> SearchFilter.of(null, null, null, "/etc")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("relative to the repository root");
        assertThatThrownBy(() -> SearchFilter.of(null, null, null, "../x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("..");
        assertThatThrownBy(() -> SearchFilter.of(null, null, null, "src/[ab")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> SearchFilter.of(null, null, "p y", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void reversedCharacterRange_isRefusedUpFrontNotWhenAnIndexIsSearched() {
        assertThatThrownBy(() -> SearchFilter.of(null, null, null, "src/[z-a]/*.java")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("directory glob 'src/[z-a]/*.java' is not valid");
        assertThat(SearchFilter.of(null, null, null, "src/[a-z]/*.java").pathRegex()).isNotNull();
    }
}
