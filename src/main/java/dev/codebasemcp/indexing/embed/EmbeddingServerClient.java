package dev.codebasemcp.indexing.embed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to one embedding server through one shared {@link HttpClient} (HTTP/1.1, kept-alive connections).
 * Connecting may take {@value #CONNECT_TIMEOUT_SECONDS} s and an answer {@link RemoteModel#timeout()}. Answers that
 * say "try again" (429, 502, 503, 504) and connection failures are tried {@value #ATTEMPTS} times in all, waiting
 * 1 s, then 2 s, or what a {@code Retry-After: <seconds>} header asks, at most {@link #MAX_RETRY_AFTER}. Nothing else
 * is retried: a refusal (400, 401, 403, 404, ...) will not change, and a request that timed out would only time out
 * again on an overloaded server. Every failure is an {@link EmbeddingServerException} naming the URL, what happened
 * and what to check; at most {@value #BODY_EXCERPT_CHARS} characters of the server's answer are quoted. The API key is
 * sent in the header only, never logged. Thread-safe.
 */
final class EmbeddingServerClient implements AutoCloseable {

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int ATTEMPTS = 3;
    static final int QUERY_TIMEOUT_SECONDS = 10;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    static final int BODY_EXCERPT_CHARS = 300;

    private static final Set<Integer> RETRIED_STATUSES = Set.of(429, 502, 503, 504);
    private static final Logger log = LoggerFactory.getLogger(EmbeddingServerClient.class);

    /** Waits between attempts; tests pass one that records the wait instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final RemoteModel model;
    private final URI endpoint;
    private final Pause pause;
    private final HttpClient http;

    EmbeddingServerClient(RemoteModel model, Pause pause) {
        this.model = model;
        this.endpoint = model.endpoint();
        this.pause = pause;
        // HTTP/1.1: an h2c upgrade on a POST confuses some servers; https still gets keep-alive connections.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS)).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Posts {@code json} for indexing ({@value #ATTEMPTS} attempts, the configured timeout); the first 2xx body. */
    String post(byte[] json) {
        return post(json, ATTEMPTS, model.timeout());
    }

    /**
     * Posts a search query's text: one attempt, at most {@value #QUERY_TIMEOUT_SECONDS} s, because someone is waiting
     * (a hybrid search then answers with keyword results and says why).
     */
    String postQuery(byte[] json) {
        Duration limit = Duration.ofSeconds(QUERY_TIMEOUT_SECONDS);
        return post(json, 1, model.timeout().compareTo(limit) < 0 ? model.timeout() : limit);
    }

    private String post(byte[] json, int attempts, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (model.apiKey() != null) {
            request.header("Authorization", "Bearer " + model.apiKey());
        }
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            String problem;
            Duration wait;
            try {
                HttpResponse<String> answer = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = answer.statusCode();
                if (status / 100 == 2) {
                    return answer.body();
                }
                problem = "HTTP " + status + ", answer " + excerpt(answer.body());
                if (!RETRIED_STATUSES.contains(status) || attempt == attempts) {
                    throw failure(problem + tries(attempt), advice(status, answer), null,
                            RETRIED_STATUSES.contains(status) || status / 100 == 5);
                }
                wait = retryAfter(answer).orElse(backoff(attempt));
            } catch (IOException e) {
                if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
                    throw failure("no answer within " + timeout.toSeconds() + " s", "the server is overloaded or "
                            + "too slow for a batch of texts: check its load, or raise EMBEDDING_TIMEOUT_SECONDS", e, true);
                }
                problem = (e instanceof ConnectException || e instanceof HttpConnectTimeoutException ? "cannot connect ("
                        : "the connection failed (") + describe(e) + ")";
                if (attempt == attempts) {
                    throw failure(problem + tries(attempt), "check that the server is running and reachable from this "
                            + "machine, and that " + model.api().baseUrlVariable() + " (" + model.baseUrl() + ") is its address", e,
                            true);
                }
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DocumentPool.cancellation("interrupted while waiting for the embedding server " + endpoint, e);
            }
            log.warn("Embedding server {}: {}; attempt {} of {}, trying again in {} ms", endpoint, problem, attempt, attempts,
                    wait.toMillis());
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DocumentPool.cancellation("interrupted while waiting to retry the embedding server " + endpoint, e);
            }
        }
    }

    /** An answer that came back 2xx but cannot be used. */
    EmbeddingServerException badAnswer(String what, String body) {
        return badAnswer(what, body, "check that " + model.api().baseUrlVariable() + " points at an "
                + model.api().displayName() + " embedding API and that EMBEDDING_MODEL ('" + model.name()
                + "') is an embedding model");
    }

    EmbeddingServerException badAnswer(String what, String body, String advice) {
        return failure("unusable answer: " + what + "; answer " + excerpt(body), advice, null, false);
    }

    /** Stops new requests, lets running ones finish for a few seconds, then aborts them. */
    @Override
    public void close() {
        http.shutdown();
        try {
            if (!http.awaitTermination(Duration.ofSeconds(5))) {
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** @param unavailable unreachable, too slow or "try again later", as opposed to a refusal or an unusable answer */
    private EmbeddingServerException failure(String what, String advice, Throwable cause, boolean unavailable) {
        return new EmbeddingServerException(model.api().displayName() + " embedding server (EMBEDDING_PROVIDER="
                + model.api().provider() + "): POST "
                + endpoint + " with model '" + model.name() + "' failed: " + what + ". What to do: " + advice + ".", cause,
                unavailable);
    }

    private String advice(int status, HttpResponse<String> answer) {
        if (status / 100 == 3) {
            return "the server redirects to " + answer.headers().firstValue("Location").orElse("another address")
                    + ": set " + model.api().baseUrlVariable() + " to the address it redirects to";
        }
        return model.api().advice(status, answer.body(), model);
    }

    private static String tries(int attempt) {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    /** {@code Retry-After} in whole seconds, capped; HTTP dates are not honoured (the backoff applies). */
    private static Optional<Duration> retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    private static Duration backoff(int attempt) {
        return FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    }

    /** The exception and its causes, each message once: HttpClient's ConnectException often has none of its own. */
    private static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            parts.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return String.join(" <- ", parts);
    }

    /** At most {@value #BODY_EXCERPT_CHARS} characters of a body, whitespace collapsed, quoted. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        String head = body.substring(0, Math.min(body.length(), 4 * BODY_EXCERPT_CHARS));
        String flat = head.strip().replaceAll("\\s+", " ");
        boolean cut = flat.length() > BODY_EXCERPT_CHARS || head.length() < body.length();
        return "'" + flat.substring(0, Math.min(flat.length(), BODY_EXCERPT_CHARS)) + (cut ? "..." : "") + "'";
    }
}
