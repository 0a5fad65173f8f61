package dev.codebasemcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quality} end to end on two tiny corpora with the hashing embedder: queries are extracted, the blanked copies
 * go through the real job pipeline, every system answers, and the report's paths and lines match the index's.
 */
class QualityCommandTest {

    @TempDir
    Path tmp;

    @Test
    void quality_indexesBlankedCorporaAndScoresEverySystem() throws Exception {
        Path corpora = tmp.resolve("corpora");
        Files.createDirectories(corpora.resolve("java/shop"));
        Files.createDirectories(corpora.resolve("python/ship"));
        Files.writeString(corpora.resolve("java/shop/OrderBook.java"), """
                package shop;

                class OrderBook {
                    /** Cancels every open order of the given customer and refunds them. */
                    void cancelAll(Customer customer) {
                        orders.removeIf(o -> o.owner() == customer);
                        refunds.issue(customer);
                    }
                }
                """);
        Files.writeString(corpora.resolve("java/shop/Prices.java"), """
                package shop;

                final class Prices {
                    int total(List<Item> items) {
                        return items.stream().mapToInt(Item::price).sum();
                    }
                }
                """);
        Files.writeString(corpora.resolve("python/ship/route.py"), """
                def shortest_route(parcels):
                    \"""Compute the shortest delivery route through all parcel addresses.\"""
                    return sorted(parcels, key=lambda p: p.address)
                """);
        Path json = tmp.resolve("out.json");
        int exit = Main.run(new String[] {"quality", "--work-dir", tmp.toString(), "--embedder", "hash", "--languages", "java,python",
                "--json", json.toString()});
        assertThat(exit).isZero();
        assertThat(Files.readString(tmp.resolve("blanked/java/shop/OrderBook.java"))).doesNotContain("refunds them")
                .contains("void cancelAll");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/results/all/keyword/queries").asInt()).isEqualTo(2);
        for (String system : new String[] {"keyword", "lexical", "semantic", "hybrid"}) {
            // Two or three chunks per language: every system returns the answer within its top 10.
            assertThat(report.at("/results/all/" + system + "/fnR10").asDouble()).as(system).isEqualTo(1.0);
        }
        assertThat(report.at("/queries/0/path").asText()).isEqualTo("shop/OrderBook.java");
        assertThat(report.at("/queries/0/start_line").asInt()).isEqualTo(5);
        assertThat(report.at("/setup/chunks").asLong()).isPositive();
        assertThat(tmp.resolve("index")).doesNotExist();
    }

    @Test
    void reusedIndex_isKeyedByModelAndTokenBudgetWhenNotTheDefaults() {
        assertThat(QualityCommand.indexKey("onnx", java.util.Map.of())).isEqualTo("onnx-text2");
        assertThat(QualityCommand.indexKey("onnx", java.util.Map.of("EMBEDDING_MAX_TOKENS", "512"))).isEqualTo("onnx-bge-small-en-v1.5-q-512t-text2");
        assertThat(QualityCommand.indexKey("onnx", java.util.Map.of("EMBEDDING_MODEL", "all-minilm-l6-v2-q")))
                .isEqualTo("onnx-all-minilm-l6-v2-q-256t-text2");
        assertThat(QualityCommand.indexKey("hash", java.util.Map.of("EMBEDDING_MODEL", "all-minilm-l6-v2-q"))).isEqualTo("hash-text2");
    }

    @Test
    void reusedIndex_ofARemoteProvider_isKeyedByItsModelIdAsAFileName() {
        assertThat(QualityCommand.indexKey("ollama", java.util.Map.of("EMBEDDING_MODEL", "nomic-embed-text:v1.5")))
                .isEqualTo("ollama-nomic-embed-text_v1.5_localhost_11434-text2");
        assertThat(QualityCommand.indexKey("openai", java.util.Map.of("EMBEDDING_MODEL", "BAAI/bge-small-en-v1.5",
                "OPENAI_BASE_URL", "http://tei:8080/v1", "EMBEDDING_DOCUMENT_PREFIX", "passage: ")))
                .matches("openai-BAAI_bge-small-en-v1\\.5_tei_8080\\+doc-[0-9a-f]{8}-text2");
    }
}
