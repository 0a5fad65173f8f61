package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.InvalidInputException;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {

    private static final String READ_FILE = """
            static String readFile(Path path) throws IOException {
                return Files.readString(path, StandardCharsets.UTF_8);
            }""";
    private static final List<String> SNIPPETS = List.of(
            """
            static void sortNames(List<String> names) {
                Collections.sort(names);
            }""",
            READ_FILE,
            """
            int max(int[] values) {
                int best = Integer.MIN_VALUE;
                for (int v : values) best = Math.max(best, v);
                return best;
            }""",
            """
            void connect(String host, int port) throws IOException {
                socket = new Socket(host, port);
            }""",
            """
            String toUpper(String s) {
                return s.toUpperCase(Locale.ROOT);
            }""");

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = OnnxEmbedder.bgeSmallQuantized(2, 2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void modelIdAndDimension_describeBgeSmall() {
        assertThat(embedder.modelId()).isEqualTo("onnx:bge-small-en-v1.5-q");
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.maxTokens()).isEqualTo(512);
    }

    @Test
    void embedDocuments_returnsOneUnitVectorPerTextInOrder() {
        List<float[]> vectors = embedder.embedDocuments(SNIPPETS);

        assertThat(vectors).hasSize(SNIPPETS.size());
        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
        for (int i = 0; i < SNIPPETS.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(embedder.embedDocuments(List.of(SNIPPETS.get(i))).get(0));
        }
    }

    @Test
    void embedQuery_returnsUnitVector() {
        float[] q = embedder.embedQuery("read a file into a string");

        assertThat(q).hasSize(384);
        assertThat(norm(q)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void embedDocuments_sameTextAgain_returnsIdenticalVector() {
        float[] first = embedder.embedDocuments(List.of(READ_FILE)).get(0);
        float[] second = embedder.embedDocuments(List.of("unrelated text first", READ_FILE)).get(1);

        assertThat(second).containsExactly(first);
    }

    @Test
    void embedDocuments_emptyList_returnsEmptyList() {
        assertThat(embedder.embedDocuments(List.of())).isEmpty();
    }

    @Test
    void embedQuery_addsBgeInstructionPrefix() {
        String text = "read a file into a string";
        float[] query = embedder.embedQuery(text);
        float[] plain = embedder.embedDocuments(List.of(text)).get(0);
        float[] prefixed = embedder.embedDocuments(List.of(OnnxEmbedder.BGE_QUERY_PREFIX + text)).get(0);

        assertThat(cosine(query, prefixed)).isGreaterThan(0.9999);
        assertThat(cosine(query, plain)).isLessThan(0.99);
    }

    @Test
    void embedQuery_blank_throwsInvalidInput() {
        assertThatThrownBy(() -> embedder.embedQuery("  \n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query is empty");
    }

    @Test
    void embedQuery_readFile_ranksFileReadingMethodFirst() {
        float[] query = embedder.embedQuery("read a file into a string");
        List<float[]> docs = embedder.embedDocuments(SNIPPETS);

        int best = IntStream.range(0, SNIPPETS.size()).boxed()
                .max(Comparator.comparingDouble(i -> VectorMath.dot(query, docs.get(i))))
                .orElseThrow();
        assertThat(SNIPPETS.get(best)).isEqualTo(READ_FILE);
        assertThat(VectorMath.dot(query, docs.get(1))).isGreaterThan(VectorMath.dot(query, docs.get(0)));
    }

    @Test
    void embedDocuments_longerThan512Tokens_embedsOnlyTheHead() {
        String head = "public void method%d() { counter += %d; }\n";
        StringBuilder longText = new StringBuilder();
        for (int i = 0; longText.length() < 6_000; i++) {
            longText.append(head.formatted(i, i));
        }
        String a = longText + "class Alpha { int x; }";
        String b = longText + "interface Beta extends Comparable<Beta> { String name(); }";
        assertThat(embedder.countTokens(a)).isGreaterThan(1_000);

        List<float[]> vectors = embedder.embedDocuments(List.of(a, b));

        assertThat(norm(vectors.get(0))).isCloseTo(1.0, within(1e-5));
        assertThat(vectors.get(0)).containsExactly(vectors.get(1));
    }

    @Test
    void countTokens_includesClsAndSep() {
        assertThat(embedder.countTokens("hello world")).isEqualTo(4);
        assertThat(embedder.countTokens("")).isEqualTo(2);
    }

    @Test
    void embedDocuments_matchesLangchain4jBgeModel() {
        BgeSmallEnV15QuantizedEmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<String> texts = new ArrayList<>(SNIPPETS);
        texts.add("How do I parse JSON in Java?");
        List<float[]> ours = embedder.embedDocuments(texts);

        for (int i = 0; i < texts.size(); i++) {
            float[] theirs = reference.embed(texts.get(i)).content().vector();
            assertThat(cosine(ours.get(i), theirs)).as(texts.get(i)).isGreaterThan(0.999);
        }
    }

    @Test
    void embedding_fromManyThreadsAtOnce_matchesSerialResults() throws Exception {
        List<float[]> serialDocs = embedder.embedDocuments(SNIPPETS);
        float[] serialQuery = embedder.embedQuery("open a socket");

        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<float[]>>> docs = new ArrayList<>();
            List<Future<float[]>> queries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                docs.add(callers.submit(() -> embedder.embedDocuments(SNIPPETS)));
                queries.add(callers.submit(() -> embedder.embedQuery("open a socket")));
            }
            for (Future<List<float[]>> f : docs) {
                List<float[]> got = f.get();
                for (int i = 0; i < SNIPPETS.size(); i++) {
                    assertThat(got.get(i)).containsExactly(serialDocs.get(i));
                }
            }
            for (Future<float[]> f : queries) {
                assertThat(cosine(f.get(), serialQuery)).isGreaterThan(0.99999);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void close_thenEmbed_throwsAndCloseAgainIsHarmless() {
        OnnxEmbedder own = OnnxEmbedder.bgeSmallQuantized(1, 1);
        assertThat(own.embedDocuments(List.of("x"))).hasSize(1);

        own.close();
        own.close();

        assertThatThrownBy(() -> own.embedDocuments(List.of("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> own.embedQuery("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void embedDocuments_callerInterrupted_throwsCancellationAndKeepsInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> embedder.embedDocuments(SNIPPETS)).isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(embedder.embedDocuments(SNIPPETS)).hasSize(SNIPPETS.size());
    }

    @Test
    void close_whileDocumentsAreBeingEmbedded_failsOrFinishesThoseCallsCleanly() throws Exception {
        OnnxEmbedder own = OnnxEmbedder.bgeSmallQuantized(2, 1);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.addAll(SNIPPETS);
        }
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<List<float[]>> inFlight = caller.submit(() -> own.embedDocuments(many));
            own.embedQuery("make sure the caller had time to submit"); // no sleeping: just do some work first

            own.close();

            try {
                assertThat(inFlight.get()).hasSize(many.size());
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            }
        } finally {
            caller.shutdownNow();
        }
    }

    static double norm(float[] v) {
        return Math.sqrt(VectorMath.dot(v, v));
    }

    static double cosine(float[] a, float[] b) {
        return VectorMath.dot(a, b) / (norm(a) * norm(b));
    }
}
