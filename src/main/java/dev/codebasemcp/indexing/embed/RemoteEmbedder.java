package dev.codebasemcp.indexing.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedder on a server reached over HTTP: Ollama ({@code /api/embed}) or any OpenAI-compatible
 * {@code /embeddings} endpoint (OpenAI, text-embeddings-inference, vLLM, ...), per {@link RemoteModel}.
 * <ul>
 *   <li>The dimension is learned at construction by embedding a probe text. A server that refuses (wrong key, URL
 *       or model) or answers badly fails startup with an {@link EmbeddingServerException} that says what to check. A
 *       server that is only unavailable (unreachable, too slow, overloaded) does not: the process starts with the
 *       dimension unknown, so keyword search works and the MCP server is up; the first call that reaches the server
 *       learns the dimension, and until then {@link #dimension()} tries again and fails with the server's error.</li>
 *   <li>Requests of at most {@value #REQUEST_SIZE} texts: one per {@link #embedQuery}, and an {@link #embedDocuments}
 *       call of more texts (the indexer's calls of {@value #CALL_SIZE}) goes as up to {@value #MAX_IN_FLIGHT} requests
 *       side by side, which a GPU server batches together (the indexer's calls are bounded, so a cancel between calls
 *       is seen soon). Each text is the configured prefix plus the text,
 *       cut to {@value #MAX_TEXT_CHARS} characters: servers read a bounded number of tokens and some refuse longer
 *       inputs (OpenAI past 8,191 tokens, which ASCII code of that length stays under: a token covers at least one
 *       ASCII character). Servers with a short model limit must truncate themselves (Ollama does by default,
 *       text-embeddings-inference with {@code --auto-truncate}).</li>
 *   <li>Every vector is checked (count, one dimension, finite, not zero) and L2-normalised here, as not every server
 *       normalises.</li>
 * </ul>
 * The {@link #modelId()} names the provider, model, host and document prefix ({@link RemoteModel#id()}). Thread-safe; one
 * shared HTTP client, released by {@link #close()}.
 */
public final class RemoteEmbedder implements Embedder {

    /** Characters of one text sent to the server, prefix included. */
    public static final int MAX_TEXT_CHARS = 8_000;
    /** Texts per HTTP request: text-embeddings-inference's default maximum batch per request. */
    public static final int REQUEST_SIZE = 32;
    /** Requests of one {@link #embedDocuments} call sent side by side, so a GPU server batches them together. */
    public static final int MAX_IN_FLIGHT = 4;
    /**
     * Texts per {@link #embedDocuments} call when the indexer embeds for a remote server ({@code App} passes it as the
     * call size): {@value #MAX_IN_FLIGHT} requests of {@value #REQUEST_SIZE} in flight at once. One after another, a
     * server that needs 32 ms per request of 32 serves 1,000 texts/s; side by side it serves what its hardware can.
     */
    public static final int CALL_SIZE = REQUEST_SIZE * MAX_IN_FLIGHT;

    private static final String PROBE = "int add(int a, int b) { return a + b; }";
    private static final ThreadFactory SENDERS = Thread.ofVirtual().name("embed-request-", 0).factory();
    private static final Logger log = LoggerFactory.getLogger(RemoteEmbedder.class);

    private final RemoteModel model;
    private final String modelId;
    private final EmbeddingServerClient client;
    private final ObjectMapper json = new ObjectMapper();
    /** 0 until the server has answered once. */
    private volatile int dimension;
    private volatile boolean closed;

    /**
     * Connects to the server and embeds a probe text to learn the dimension.
     *
     * @throws EmbeddingServerException if the server cannot be reached or its answer is unusable
     */
    public static RemoteEmbedder connect(RemoteModel model) {
        return new RemoteEmbedder(model, Thread::sleep);
    }

    RemoteEmbedder(RemoteModel model, EmbeddingServerClient.Pause pause) {
        this.model = Objects.requireNonNull(model, "model");
        this.modelId = model.id();
        this.client = new EmbeddingServerClient(model, pause);
        long start = System.nanoTime();
        try {
            probe();
        } catch (EmbeddingServerException e) {
            if (e.unavailable()) {
                log.warn("Embedding server {} is unavailable at startup; keyword search works, and vectors and semantic "
                        + "search will use the server once it answers. {}", client.endpoint(), e.getMessage());
                return;
            }
            client.close();
            throw new EmbeddingServerException("Cannot use the embedding server: the startup check (embedding one "
                    + "text) failed. " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        log.info("Embedding server {} serves {} as {} ({} dimensions); the startup check took {} ms", client.endpoint(),
                model.name(), modelId, dimension, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Embeds the probe text and so learns the dimension ({@link #call} does on any first answer). One attempt, at most
     * 10 s, like a search query: startup and health checks must not wait out the indexing retries.
     */
    private void probe() {
        call(List.of(model.documentPrefix() + PROBE), true);
    }

    @Override
    public String modelId() {
        return modelId;
    }

    /**
     * The server's dimension; asks the server if it has not answered since startup.
     *
     * @throws EmbeddingServerException if it still cannot be reached
     */
    @Override
    public int dimension() {
        if (dimension == 0) {
            probe();
        }
        return dimension;
    }

    /** Whether the server has answered since startup, so {@link #dimension()} is known without a request. */
    @Override
    public boolean dimensionKnown() {
        return dimension > 0;
    }

    /** What this embedder calls, where. */
    public RemoteModel model() {
        return model;
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<String> sent = new ArrayList<>(texts.size());
        for (String text : texts) {
            sent.add(capped(model.documentPrefix() + Objects.requireNonNull(text, "a document text is null")));
        }
        if (sent.size() <= REQUEST_SIZE) {
            return call(sent, false);
        }
        return inParallelRequests(sent);
    }

    /**
     * Sends {@code sent} as requests of {@value #REQUEST_SIZE}, at most {@value #MAX_IN_FLIGHT} at a time, and joins
     * the vectors in order. Any request's failure fails the call (the first one, after every request has ended).
     */
    private List<float[]> inParallelRequests(List<String> sent) {
        List<List<String>> requests = new ArrayList<>();
        for (int from = 0; from < sent.size(); from += REQUEST_SIZE) {
            requests.add(sent.subList(from, Math.min(sent.size(), from + REQUEST_SIZE)));
        }
        List<float[]> out = new ArrayList<>(sent.size());
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        try (ExecutorService senders = Executors.newThreadPerTaskExecutor(SENDERS)) {
            List<Future<List<float[]>>> answers = new ArrayList<>(requests.size());
            for (List<String> request : requests) {
                answers.add(senders.submit(() -> {
                    slots.acquire();
                    try {
                        return call(request, false);
                    } finally {
                        slots.release();
                    }
                }));
            }
            RuntimeException failure = null;
            for (Future<List<float[]>> answer : answers) {
                try {
                    List<float[]> vectors = answer.get();
                    if (failure == null) {
                        out.addAll(vectors);
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = DocumentPool.rethrow(e);
                    }
                } catch (InterruptedException e) {
                    answers.forEach(a -> a.cancel(true));
                    Thread.currentThread().interrupt();
                    throw DocumentPool.cancellation("interrupted while waiting for the embedding server " + client.endpoint(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new InvalidInputException("The search query is empty; pass some words describing the code to find.");
        }
        return call(List.of(capped(model.queryPrefix() + query)), true).get(0);
    }

    @Override
    public void close() {
        closed = true;
        client.close();
    }

    /** Cut to {@value #MAX_TEXT_CHARS} characters, never between the two halves of a surrogate pair. */
    static String capped(String text) {
        if (text.length() <= MAX_TEXT_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
        return text.substring(0, end);
    }

    /**
     * One request; unit vectors in the order of {@code texts}, all of the server's one dimension (the first answer
     * since startup sets it).
     */
    private List<float[]> call(List<String> texts, boolean query) {
        int expectedDimension = dimension;
        if (closed) {
            throw new IllegalStateException("embedder " + modelId + " is closed");
        }
        byte[] request = model.api().request(json, model.name(), texts);
        String body = query ? client.postQuery(request) : client.post(request);
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw client.badAnswer("it is not JSON (" + e.getOriginalMessage() + ")", body);
        }
        if (answer == null || !answer.isObject()) {
            throw client.badAnswer("it is not a JSON object", body);
        }
        List<float[]> vectors;
        try {
            vectors = model.api().vectors(answer, texts.size());
        } catch (RemoteApi.BadAnswer e) {
            throw client.badAnswer(e.getMessage(), body);
        }
        int dim = expectedDimension > 0 ? expectedDimension : vectors.get(0).length;
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            if (v.length != dim) {
                throw expectedDimension > 0
                        ? client.badAnswer("the vector of text " + i + " has " + v.length + " dimensions, but the server "
                                + "gave " + dim + " before", body, "the server's model changed since codebase-mcp started: "
                                + "restart codebase-mcp, then re-index with force_reindex (its vectors no longer match)")
                        : client.badAnswer("the vector of text " + i + " has " + v.length + " dimensions, the first one "
                                + dim, body);
            }
            String wrong = unusable(v);
            if (wrong != null) {
                throw client.badAnswer("the vector of text " + i + " " + wrong, body);
            }
            VectorMath.normalizeInPlace(v);
        }
        if (expectedDimension == 0) {
            learnDimension(dim, body);
        }
        return List.copyOf(vectors);
    }

    private synchronized void learnDimension(int dim, String body) {
        if (dimension == 0) {
            dimension = dim;
            log.info("Embedding server {} serves {} as {} ({} dimensions)", client.endpoint(), model.name(), modelId, dim);
        } else if (dimension != dim) {
            throw client.badAnswer("its vectors have " + dim + " dimensions, but it gave " + dimension + " before", body);
        }
    }

    /** Why a vector cannot be normalised, or {@code null}. */
    private static String unusable(float[] v) {
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            if (!Float.isFinite(v[k])) {
                return "has " + v[k] + " at element " + k;
            }
            sum += (double) v[k] * v[k];
        }
        return sum == 0 ? "is all zeros" : Double.isFinite(sum) ? null : "has an infinite length";
    }
}
