package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.store.CodeTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTermsTest {

    @Test
    void bag_countsEveryCodeToken() {
        PostgresTerms.Bag bag = PostgresTerms.bag("parseHttp(parseHttp) http");

        assertThat(bag.length()).isEqualTo(CodeTokens.terms("parseHttp(parseHttp) http").size()).isEqualTo(7);
        assertThat(bag.frequencies()).isEqualTo(Map.of("parsehttp", 2, "pars", 2, "http", 3));
    }

    @Test
    void literal_writesOnePositionPerOccurrence_andFrequenciesReadItBack() {
        PostgresTerms.Bag bag = new PostgresTerms.Bag(Map.of("parse", 3, "it's", 1, "a\\b", 2), 6);

        String literal = bag.literal();

        assertThat(literal).contains("'parse':1,2,3").contains("'it''s':1").contains("'a\\\\b':1,2");
        assertThat(PostgresTerms.frequencies("'a\\\\b':1A,2A 'it''s':1 'parse':1A,2A,3A"))
                .isEqualTo(Map.of("a\\b", 2, "it's", 1, "parse", 3));
    }

    @Test
    void literal_capsFrequencyAtTheTsvectorLimit() {
        String literal = new PostgresTerms.Bag(Map.of("x1", 1000), 1000).literal();

        assertThat(literal.split(",")).hasSize(PostgresTerms.MAX_TF);
    }

    @Test
    void emptyBag_hasNoLiteral() {
        assertThat(PostgresTerms.bag("?! ;").literal()).isNull();
        assertThat(PostgresTerms.frequencies(null)).isEmpty();
        assertThat(PostgresTerms.frequencies("")).isEmpty();
    }

    @Test
    void queries_quoteEveryTerm() {
        assertThat(PostgresTerms.anyOf(List.of("a1", "it's"))).isEqualTo("'a1' | 'it''s'");
        assertThat(PostgresTerms.allOf(List.of("a1", "b2"))).isEqualTo("'a1' & 'b2'");
    }
}
