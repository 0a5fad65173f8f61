package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.indexing.embed.FakeEmbeddingServer.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RemoteEmbedder} against a real local HTTP server speaking both APIs ({@link FakeEmbeddingServer}). */
class RemoteEmbedderTest {

    private static final int DIM = 32;
    private static final List<String> TEXTS = List.of("read the config file", "parse HTTP headers",
            "int max(int a, int b)", "sort a list of names", "open a socket to the host");

    private final FakeEmbeddingServer server = new FakeEmbeddingServer(DIM);
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<RemoteEmbedder> embedders = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close(); // first: releases a reply held back by a test
        embedders.forEach(RemoteEmbedder::close);
    }

    @Test
    void openAi_returnsUnitVectorsInInputOrder_thoughTheServerAnswersInReverse() {
        RemoteEmbedder embedder = openAi(null);

        List<float[]> vectors = embedder.embedDocuments(TEXTS);

        assertThat(vectors).hasSize(TEXTS.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(OnnxEmbedderTest.norm(vectors.get(i))).isCloseTo(1.0, within(1e-5));
            assertThat(vectors.get(i)).containsExactly(server.unitVector(TEXTS.get(i)), within(1e-5f));
        }
        FakeEmbeddingServer.Request last = server.requests().getLast();
        assertThat(last.path()).isEqualTo("/v1/embeddings");
        assertThat(last.model()).isEqualTo("text-embedding-3-small");
        assertThat(last.input()).isEqualTo(TEXTS);
    }

    @Test
    void ollama_returnsUnitVectorsInInputOrder() {
        RemoteEmbedder embedder = ollama();

        List<float[]> vectors = embedder.embedDocuments(TEXTS);
        float[] query = embedder.embedQuery("parse HTTP headers");

        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(OnnxEmbedderTest.norm(vectors.get(i))).isCloseTo(1.0, within(1e-5));
            assertThat(vectors.get(i)).containsExactly(server.unitVector(TEXTS.get(i)), within(1e-5f));
        }
        assertThat(query).containsExactly(vectors.get(1), within(1e-6f));
        assertThat(server.requests()).extracting(FakeEmbeddingServer.Request::path).containsOnly("/api/embed");
        assertThat(server.requests().getLast().model()).isEqualTo("nomic-embed-text");
    }

    @Test
    void dimensionIsLearnedFromTheServer_andModelIdNamesProviderModelAndHost() {
        server.dimension(48);
        RemoteEmbedder embedder = openAi(null);

        assertThat(embedder.dimension()).isEqualTo(48);
        assertThat(embedder.modelId()).isEqualTo("openai:text-embedding-3-small@127.0.0.1:" + server.port());
        assertThat(server.requests()).hasSize(1); // the startup probe
        assertThat(ollama().modelId()).isEqualTo("ollama:nomic-embed-text@127.0.0.1:" + server.port());
    }

    @Test
    void modelId_isReadable_andTheDocumentPrefixMakesItDifferent_theQueryPrefixNot() {
        RemoteModel plain = model(RemoteApi.OPENAI, "https://api.openai.com/v1/", null, "", "");
        RemoteModel query = model(RemoteApi.OPENAI, "https://api.openai.com/v1", null, "Represent this: ", "");
        RemoteModel document = model(RemoteApi.OPENAI, "https://api.openai.com/v1", null, "", "Represent this: ");

        assertThat(plain.id()).isEqualTo("openai:text-embedding-3-small@api.openai.com");
        assertThat(plain.endpoint()).isEqualTo(URI.create("https://api.openai.com/v1/embeddings"));
        assertThat(query.id()).as("stored vectors do not depend on the query prefix").isEqualTo(plain.id());
        assertThat(document.id()).matches("openai:text-embedding-3-small@api\\.openai\\.com\\+doc-[0-9a-f]{8}");
        assertThat(new RemoteModel(RemoteApi.OLLAMA, URI.create("http://gpu-box:11434"), "nomic-embed-text:latest", null, "", "",
                Duration.ofSeconds(5)).id()).isEqualTo("ollama:nomic-embed-text@gpu-box:11434");
        assertThat(model(RemoteApi.OLLAMA, "http://gpu-box:11434", null, "", "").endpoint())
                .isEqualTo(URI.create("http://gpu-box:11434/api/embed"));
    }

    @Test
    void apiKey_isSentAsBearerOnlyWhenSet_andNeverShownByToString() {
        openAi("sk-test-123").embedDocuments(List.of("alpha"));
        openAi(null).embedDocuments(List.of("beta"));

        assertThat(server.requests()).filteredOn(r -> r.input().equals(List.of("alpha")))
                .extracting(FakeEmbeddingServer.Request::authorization).containsExactly("Bearer sk-test-123");
        assertThat(server.requests()).filteredOn(r -> r.input().equals(List.of("beta")))
                .extracting(FakeEmbeddingServer.Request::authorization).containsExactly((String) null);
        assertThat(model(RemoteApi.OPENAI, server.url() + "/v1", "sk-test-123", "", "").toString())
                .doesNotContain("sk-test-123").contains("****");
    }

    @Test
    void prefixesGoInFrontOfQueriesAndDocuments_andLongTextsAreCapped() {
        RemoteEmbedder embedder = start(model(RemoteApi.OLLAMA, server.url(), null, "search_query: ", "search_document: "));
        String longText = "x".repeat(RemoteEmbedder.MAX_TEXT_CHARS + 500);

        float[] query = embedder.embedQuery("read a file");
        embedder.embedDocuments(List.of("read a file", longText));

        List<FakeEmbeddingServer.Request> requests = server.requests();
        assertThat(requests.get(1).input()).containsExactly("search_query: read a file");
        assertThat(requests.get(2).input().get(0)).isEqualTo("search_document: read a file");
        assertThat(requests.get(2).input().get(1)).hasSize(RemoteEmbedder.MAX_TEXT_CHARS).startsWith("search_document: xxx");
        assertThat(query).containsExactly(server.unitVector("search_query: read a file"), within(1e-5f));
    }

    @Test
    void aLargeCall_goesAsRequestsOf32SideBySide_andKeepsTheOrder() {
        RemoteEmbedder embedder = openAi(null);
        List<String> texts = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "text number " + i).toList();
        server.delayEveryRequest(100);

        List<float[]> vectors = embedder.embedDocuments(texts);

        assertThat(vectors).hasSize(100);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).as("vector %d", i).containsExactly(server.unitVector(texts.get(i)), within(1e-5f));
        }
        assertThat(server.requests().stream().skip(1).map(r -> r.input().size()).sorted().toList())
                .containsExactly(4, 32, 32, 32);
        assertThat(server.maxInFlight()).isBetween(2, RemoteEmbedder.MAX_IN_FLIGHT);
    }

    @Test
    void aLargeCall_withOneRequestRefused_failsWithThatRefusal() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(200, "{\"data\": []}")); // the first of the parallel requests to arrive gets this
        List<String> texts = java.util.stream.IntStream.range(0, 70).mapToObj(i -> "text number " + i).toList();

        assertThatThrownBy(() -> embedder.embedDocuments(texts)).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("unusable answer");
        assertThat(server.requests()).hasSize(1 + 3);
    }

    @Test
    void capped_neverSplitsASurrogatePair() {
        String text = "a".repeat(RemoteEmbedder.MAX_TEXT_CHARS - 1) + "\uD83D\uDE00" + "tail";

        assertThat(RemoteEmbedder.capped(text)).hasSize(RemoteEmbedder.MAX_TEXT_CHARS - 1);
        assertThat(RemoteEmbedder.capped("short")).isEqualTo("short");
    }

    @Test
    void serviceUnavailable_isRetriedWithBackoff_thenSucceeds() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(503, ""), Reply.of(502, "bad gateway"));

        List<float[]> vectors = embedder.embedDocuments(List.of("alpha"));

        assertThat(vectors.get(0)).containsExactly(server.unitVector("alpha"), within(1e-5f));
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(server.requests()).hasSize(1 + 3);
    }

    @Test
    void retryAfter_isHonoured_andCapped() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "7"),
                Reply.of(503, "").withHeader("Retry-After", "3600"));

        embedder.embedDocuments(List.of("alpha"));

        assertThat(pauses).containsExactly(Duration.ofSeconds(7), EmbeddingServerClient.MAX_RETRY_AFTER);
        assertThat(EmbeddingServerClient.MAX_RETRY_AFTER).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void unavailableEveryTime_failsAfterThreeAttempts_namingTheStatus() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(503, "overloaded"), Reply.of(503, "overloaded"), Reply.of(503, "overloaded"));

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining(server.url() + "/v1/embeddings").hasMessageContaining("HTTP 503")
                .hasMessageContaining("'overloaded'").hasMessageContaining("after 3 attempts")
                .hasMessageContaining("see its log");
        assertThat(server.requests()).hasSize(1 + 3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void searchQuery_isTriedOnce_soASearchFailsFastInsteadOfWaitingOutTheBackoff() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(503, "overloaded"));

        assertThatThrownBy(() -> embedder.embedQuery("alpha")).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("HTTP 503").hasMessageNotContaining("attempts");
        assertThat(server.requests()).hasSize(1 + 1);
        assertThat(pauses).isEmpty();
        assertThat(embedder.embedQuery("alpha")).hasSize(server.dimension()); // the next answer is a good one
        assertThat(server.requests()).hasSize(1 + 2);
    }

    @Test
    void unauthorized_isNotRetried_andSaysToCheckTheKey() {
        RemoteEmbedder withKey = openAi("sk-wrong");
        server.enqueue(Reply.of(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));

        assertThatThrownBy(() -> withKey.embedDocuments(List.of("alpha"))).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key provided")
                .hasMessageContaining("check OPENAI_API_KEY").hasMessageNotContaining("sk-wrong")
                .hasMessageNotContaining("attempts");
        assertThat(server.requests()).hasSize(2);
        assertThat(pauses).isEmpty();

        server.enqueue(Reply.of(401, "{\"error\":\"missing key\"}"));
        assertThatThrownBy(() -> openAi(null)).hasMessageContaining("Cannot use the embedding server").hasMessageContaining("set OPENAI_API_KEY");
    }

    @Test
    void notFound_openAi_saysToCheckTheBaseUrlAndModel() {
        server.enqueue(Reply.of(404, "{\"error\":{\"message\":\"The model `text-embedding-3-small` does not exist\"}}"));

        assertThatThrownBy(() -> openAi(null)).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("check OPENAI_BASE_URL")
                .hasMessageContaining("/v1").hasMessageContaining("EMBEDDING_MODEL ('text-embedding-3-small'");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void notFound_ollamaModelMissing_saysToPullIt_otherwiseToCheckTheUrl() {
        server.enqueue(Reply.of(404, "{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}"));
        assertThatThrownBy(this::ollama).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("ollama pull nomic-embed-text").hasMessageContaining(server.url() + "/api/embed");

        server.enqueue(Reply.of(404, "404 page not found"));
        assertThatThrownBy(this::ollama).hasMessageContaining("check OLLAMA_BASE_URL").hasMessageNotContaining("ollama pull");
        assertThat(pauses).isEmpty();
    }

    @Test
    void malformedJson_isRejected_quotingAtMost300CharactersOfTheAnswer() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(200, "<html>" + "oops ".repeat(400) + "</html>"));

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining(server.url() + "/v1/embeddings").hasMessageContaining("not JSON")
                .hasMessageContaining("'<html>oops oops").hasMessageContaining("...'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("oops ".repeat(61)));
        assertThat(server.requests()).hasSize(2); // not retried
    }

    @Test
    void wrongCount_isRejected() {
        RemoteEmbedder embedder = ollama();
        server.enqueue(Reply.of(200, "{\"embeddings\":[[1,2,3]]}"));

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha", "beta")))
                .isInstanceOf(EmbeddingServerException.class).hasMessageContaining("holds 1 vectors for 2 texts");
    }

    @Test
    void wrongOrRepeatedIndex_isRejected() {
        RemoteEmbedder embedder = openAi(null);
        server.enqueue(Reply.of(200, "{\"data\":[{\"index\":0,\"embedding\":[1,2]},{\"index\":0,\"embedding\":[1,2]}]}"));

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha", "beta")))
                .isInstanceOf(EmbeddingServerException.class).hasMessageContaining("has index 0; expected each of 0..1 once");
    }

    @Test
    void wrongDimension_isRejected() {
        RemoteEmbedder embedder = openAi(null);
        server.dimension(16);

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha")))
                .isInstanceOf(EmbeddingServerException.class).hasMessageContaining("has 16 dimensions, but the server gave 32 before")
                .hasMessageContaining("restart codebase-mcp");
    }

    @Test
    void inconsistentDimensions_nonFiniteAndZeroVectors_areRejected() {
        RemoteEmbedder embedder = ollama();
        server.enqueue(Reply.of(200, "{\"embeddings\":[" + vector(DIM, "1") + "," + vector(DIM - 1, "1") + "]}"),
                Reply.of(200, "{\"embeddings\":[" + vector(DIM, "1e39") + "]}"),
                Reply.of(200, "{\"embeddings\":[" + vector(DIM, "0") + "]}"),
                Reply.of(200, "{\"embeddings\":[[1,\"two\"]]}"));

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha", "beta")))
                .hasMessageContaining("the vector of text 1 has 31 dimensions, but the server gave 32");
        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).hasMessageContaining("has Infinity at element 0");
        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).hasMessageContaining("is all zeros");
        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).hasMessageContaining("element 1 of the vector of text 0");
    }

    @Test
    void unreachableServerAtStartup_startsWithoutADimension_andEveryUseSaysWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closedPort + "/v1";

        RemoteEmbedder embedder = start(model(RemoteApi.OPENAI, base, null, "", ""));

        assertThat(embedder.dimensionKnown()).isFalse();
        assertThat(pauses).as("the startup check is one attempt").isEmpty();
        assertThatThrownBy(embedder::dimension).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("POST " + base + "/embeddings").hasMessageContaining("ConnectException")
                .hasMessageContaining("check that the server is running").hasMessageContaining("OPENAI_BASE_URL (" + base + ")")
                .satisfies(e -> assertThat(((EmbeddingServerException) e).unavailable()).isTrue());
        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("after 3 attempts");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void serverUpAfterStartup_theFirstAnswerSetsTheDimension() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteEmbedder embedder = start(model(RemoteApi.OPENAI, "http://127.0.0.1:" + port + "/v1", null, "", ""));
        assertThat(embedder.dimensionKnown()).isFalse();

        try (FakeEmbeddingServer late = new FakeEmbeddingServer(24, port)) {
            assertThat(embedder.embedDocuments(List.of("alpha", "beta"))).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(24));
            assertThat(embedder.dimensionKnown()).isTrue();
            assertThat(embedder.dimension()).isEqualTo(24);
            late.dimension(32); // the server now serves another model: refused, not mixed into the index
            assertThatThrownBy(() -> embedder.embedQuery("alpha")).isInstanceOf(EmbeddingServerException.class)
                    .hasMessageContaining("32 dimensions").hasMessageContaining("24 before")
                    .satisfies(e -> assertThat(((EmbeddingServerException) e).unavailable()).isFalse());
        }
    }

    @Test
    void slowServer_timesOut_withoutRetrying() {
        RemoteModel model = new RemoteModel(RemoteApi.OPENAI, URI.create(server.url() + "/v1"), "text-embedding-3-small",
                null, "", "", Duration.ofSeconds(1));
        RemoteEmbedder embedder = start(model);
        server.enqueue(Reply.of(200, "{}").delayedBy(10_000)); // released when the server closes

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).isInstanceOf(EmbeddingServerException.class)
                .hasMessageContaining("no answer within 1 s").hasMessageContaining("EMBEDDING_TIMEOUT_SECONDS");
        assertThat(server.requests()).hasSize(2);
        assertThat(pauses).isEmpty();
    }

    @Test
    void blankQuery_isTheCallersMistake() {
        RemoteEmbedder embedder = openAi(null);

        assertThatThrownBy(() -> embedder.embedQuery("  ")).isInstanceOf(InvalidInputException.class)
                .hasMessage("The search query is empty; pass some words describing the code to find.");
        assertThat(server.requests()).hasSize(1);
        assertThat(embedder.embedDocuments(List.of())).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void concurrentCalls_fromSeveralThreads_eachGetTheirOwnVectors() throws Exception {
        RemoteEmbedder embedder = openAi(null);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int call = 0; call < 15; call++) {
                        List<String> texts = List.of("thread " + thread + " call " + call, "shared words " + call,
                                "method" + thread + "x" + call);
                        List<float[]> got = thread % 2 == 0 ? embedder.embedDocuments(texts)
                                : List.of(embedder.embedQuery(texts.get(0)), embedder.embedQuery(texts.get(1)),
                                embedder.embedQuery(texts.get(2)));
                        for (int i = 0; i < texts.size(); i++) {
                            assertThat(got.get(i)).containsExactly(server.unitVector(texts.get(i)), within(1e-5f));
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests()).hasSize(1 + 3 * 15 + 3 * 15 * 3);
    }

    @Test
    void closed_refusesFurtherCalls() {
        RemoteEmbedder embedder = openAi(null);
        embedder.close();

        assertThatThrownBy(() -> embedder.embedDocuments(List.of("alpha"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private RemoteEmbedder openAi(String apiKey) {
        return start(model(RemoteApi.OPENAI, server.url() + "/v1", apiKey, "", ""));
    }

    private RemoteEmbedder ollama() {
        return start(model(RemoteApi.OLLAMA, server.url(), null, "", ""));
    }

    private RemoteEmbedder start(RemoteModel model) {
        RemoteEmbedder embedder = new RemoteEmbedder(model, pauses::add);
        embedders.add(embedder);
        return embedder;
    }

    private static RemoteModel model(RemoteApi api, String base, String apiKey, String queryPrefix, String documentPrefix) {
        return new RemoteModel(api, URI.create(base), api == RemoteApi.OPENAI ? "text-embedding-3-small" : "nomic-embed-text",
                apiKey, queryPrefix, documentPrefix, Duration.ofSeconds(10));
    }

    private static String vector(int dimension, String value) {
        return "[" + String.join(",", java.util.Collections.nCopies(dimension, value)) + "]";
    }
}
