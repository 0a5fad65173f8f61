package dev.codebasemcp.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Extraction per language finds the documented functions and their lines; blanking keeps every line in place. */
class DocExtractorTest {

    static final String JAVA = """
            package demo;

            /** Keeps orders. */
            class OrderBook {
                /**
                 * Cancels every open order of the given {@link Customer customer} and refunds them.
                 *
                 * @param customer whose orders
                 */
                @Deprecated
                void cancelAll(Customer customer) {
                    orders.removeIf(o -> o.owner() == customer);
                }

                // not a doc comment
                int size() {
                    return orders.size();
                }
            }
            """;

    static final String PYTHON = """
            \"""Module docstring about shipping.\"""

            class Courier:
                \"""Delivers parcels.\"""

                @staticmethod
                def route(parcels):
                    \"""Compute the shortest delivery route through all parcel addresses.

                    Longer explanation.
                    \"""
                    return sorted(parcels)

            def helper():
                return 1
            """;

    static final String JAVASCRIPT = """
            /**
             * Splits the list into batches no longer than the size limit.
             * @param {Array} list
             */
            export function batches(list, size) {
              return [];
            }

            /**
             * Sends the response body with a content type header.
             */
            res.send = function send(body) {
              return this;
            };

            class Cart {
              /** Adds an item to the shopping cart and updates totals. */
              add(item) {
                this.items.push(item);
              }
            }
            """;

    static final String GO = """
            package cache

            // Evict removes the least recently used entries until the cache fits its budget.
            // It is safe for concurrent use.
            func (c *Cache) Evict() int {
            	return 0
            }

            // Store holds values.
            type Store struct {
            	// items by key
            	items map[string]int
            }

            func undocumented() {
            	// a comment inside a body stays
            }
            """;

    @Test
    void java_findsJavadocMethodsAndBlanksJavadoc() {
        DocExtractor.Extraction x = DocExtractor.extract("demo/OrderBook.java", JAVA);
        assertThat(x.candidates()).containsExactly(new DocQuery("java", "demo/OrderBook.java", "cancelAll", 10, 13,
                "Cancels every open order of the given customer and refunds them"));
        assertSameShape(JAVA, x.blanked());
        assertThat(x.blanked()).doesNotContain("Cancels", "refunds", "Keeps orders", "@param").contains("// not a doc comment");
    }

    @Test
    void python_findsDocstringsAndKeepsQuotes() {
        DocExtractor.Extraction x = DocExtractor.extract("ship/courier.py", PYTHON);
        assertThat(x.candidates()).containsExactly(new DocQuery("python", "ship/courier.py", "route", 6, 12,
                "Compute the shortest delivery route through all parcel addresses"));
        assertSameShape(PYTHON, x.blanked());
        assertThat(x.blanked()).doesNotContain("shortest", "Longer explanation", "Delivers parcels", "Module docstring")
                .contains("\"\"\"", "return sorted(parcels)");
    }

    @Test
    void javascript_findsFunctionsAssignmentsAndMethods() {
        DocExtractor.Extraction x = DocExtractor.extract("lib/batch.js", JAVASCRIPT);
        assertThat(x.candidates()).extracting(DocQuery::symbol, DocQuery::startLine, DocQuery::endLine, DocQuery::query)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("batches", 5, 7, "Splits the list into batches no longer than the size limit"),
                        org.assertj.core.groups.Tuple.tuple("send", 12, 14, "Sends the response body with a content type header"),
                        org.assertj.core.groups.Tuple.tuple("add", 18, 20, "Adds an item to the shopping cart and updates totals"));
        assertSameShape(JAVASCRIPT, x.blanked());
        assertThat(x.blanked()).doesNotContain("Splits", "content type", "shopping");
    }

    @Test
    void go_dropsTheLeadingNameAndBlanksCommentsAboveDeclarationsOnly() {
        DocExtractor.Extraction x = DocExtractor.extract("cache/lru.go", GO);
        assertThat(x.candidates()).containsExactly(new DocQuery("go", "cache/lru.go", "Evict", 5, 7,
                "Removes the least recently used entries until the cache fits its budget"));
        assertSameShape(GO, x.blanked());
        assertThat(x.blanked()).doesNotContain("least recently", "concurrent", "Store holds", "items by key")
                .contains("// a comment inside a body stays");
    }

    @Test
    void otherFiles_comeBackUnchanged() {
        DocExtractor.Extraction x = DocExtractor.extract("README.md", "# Title\n/** not code */\n");
        assertThat(x.blanked()).isEqualTo("# Title\n/** not code */\n");
        assertThat(x.candidates()).isEmpty();
    }

    /** Same number of lines, each of the same length in bytes: line numbers and columns do not move. */
    static void assertSameShape(String original, String blanked) {
        List<String> a = original.lines().toList();
        List<String> b = blanked.lines().toList();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .as("line %d", i + 1).isEqualTo(a.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
