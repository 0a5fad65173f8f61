package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.store.SearchFilter;
import org.junit.jupiter.api.Test;

class PostgresFilterTest {

    @Test
    void literalPrefix_isTheGlobTextBeforeTheFirstWildcard() {
        assertThat(PostgresFilter.literalPrefix(SearchFilter.of(null, null, null, "src/**/test/*.java").pathRegex()))
                .isEqualTo("src/");
        assertThat(PostgresFilter.literalPrefix(SearchFilter.of(null, null, null, "java.base/java/util/**").pathRegex()))
                .isEqualTo("java.base/java/util/");
        assertThat(PostgresFilter.literalPrefix(SearchFilter.of(null, null, null, "*.py").pathRegex())).isEmpty();
        assertThat(PostgresFilter.literalPrefix(SearchFilter.of(null, null, null, "src/Foo?.java").pathRegex()))
                .isEqualTo("src/Foo");
        assertThat(PostgresFilter.literalPrefix("ab*c")).isEqualTo("a");
    }

    @Test
    void of_pathFilters_canUseThePathIndex_othersCannot() {
        assertThat(PostgresFilter.of(SearchFilter.of(null, null, null, "src/main")).narrowsPath()).isTrue();
        assertThat(PostgresFilter.of(SearchFilter.of(null, null, null, "src/*.py")).narrowsPath()).isTrue();
        assertThat(PostgresFilter.of(SearchFilter.of(null, null, null, "**/*.py")).narrowsPath()).isFalse();
        assertThat(PostgresFilter.of(SearchFilter.of("r", "java", "java", null)).narrowsPath()).isFalse();
        assertThat(PostgresFilter.of(SearchFilter.NONE).isEmpty()).isTrue();
    }

    @Test
    void of_escapesLikeWildcardsInDirectoryNames() {
        PostgresFilter f = PostgresFilter.of(SearchFilter.of(null, null, null, "a_b%c"));

        assertThat(f.values()).containsExactly("a_b%c", "a\\_b\\%c/%");
    }
}
