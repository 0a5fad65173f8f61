package dev.codebasemcp.indexing.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP embedding server on a free local port speaking both APIs: OpenAI-style {@code POST /v1/embeddings}
 * (items answered in reverse order, so clients must sort by {@code index}) and Ollama's {@code POST /api/embed}.
 * Vectors come from a {@link HashingEmbedder} of {@link #dimension()} and are scaled (by 2 to 8, depending on the
 * text) so that they are <em>not</em> unit length. Scripted {@link Reply replies}, queued with {@link #enqueue},
 * answer the next requests instead. Every request is recorded.
 */
public final class FakeEmbeddingServer implements AutoCloseable {

    /** A canned answer; {@code delayMillis} holds it back (released early by {@link #close()}). */
    public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {

        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }

        public Reply withHeader(String name, String value) {
            return new Reply(status, body, Map.of(name, value), delayMillis);
        }

        public Reply delayedBy(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    /** What a client sent. */
    public record Request(String path, String authorization, String model, List<String> input) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int dimension;
    private volatile long everyRequestMillis;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    public FakeEmbeddingServer(int dimension) {
        this(dimension, 0);
    }

    /** @param port the loopback port to listen on; 0 for any free one */
    public FakeEmbeddingServer(int dimension, int port) {
        this.dimension = dimension;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-embedding-server-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/v1/embeddings", exchange -> handle(exchange, true));
        server.createContext("/api/embed", exchange -> handle(exchange, false));
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}; the OpenAI base URL is this plus {@code /v1}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int dimension() {
        return dimension;
    }

    /** Changes the dimension of the vectors served from now on (a model swapped behind the client's back). */
    public void dimension(int dimension) {
        this.dimension = dimension;
    }

    public void enqueue(Reply... replies) {
        script.addAll(List.of(replies));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The vector this server computes for a text, before scaling: unit length. */
    public float[] unitVector(String text) {
        return new HashingEmbedder(dimension).embedDocuments(List.of(text)).get(0);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Makes every request take at least this long, like a server busy with a batch; 0 for none. */
    public void delayEveryRequest(long millis) {
        everyRequestMillis = millis;
    }

    /** The most requests this server had in progress at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange, boolean openAi) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            if (everyRequestMillis > 0) {
                released.await(everyRequestMillis, TimeUnit.MILLISECONDS);
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            List<String> input = new ArrayList<>();
            body.path("input").forEach(t -> input.add(t.asText()));
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    body.path("model").asText(), List.copyOf(input)));
            Reply reply = script.poll();
            if (reply == null) {
                reply = Reply.of(200, openAi ? openAiAnswer(input) : ollamaAnswer(input));
            }
            if (reply.delayMillis() > 0) {
                released.await(reply.delayMillis(), TimeUnit.MILLISECONDS);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private String openAiAnswer(List<String> input) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = input.size() - 1; i >= 0; i--) { // reversed: the client must order by "index"
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            addVector(item.putArray("embedding"), input.get(i));
        }
        root.put("model", "fake");
        return root.toString();
    }

    private String ollamaAnswer(List<String> input) {
        ObjectNode root = JSON.createObjectNode().put("model", "fake");
        ArrayNode embeddings = root.putArray("embeddings");
        input.forEach(text -> addVector(embeddings.addArray(), text));
        return root.toString();
    }

    private void addVector(ArrayNode out, String text) {
        float scale = 2 + text.length() % 7;
        for (float x : unitVector(text)) {
            out.add(x * scale);
        }
    }
}
