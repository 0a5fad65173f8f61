package dev.codebasemcp.indexing.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wire formats of the embedding servers {@link RemoteEmbedder} speaks: where to post, what to send, how to read
 * the answer, and what to tell the user when the server refuses.
 */
public enum RemoteApi {

    /**
     * {@code POST {base}/embeddings} with {@code {"model", "input": [...]}}, answered by
     * {@code {"data": [{"index", "embedding"}]}}: OpenAI, and the OpenAI-compatible route of text-embeddings-inference,
     * vLLM, LiteLLM and others.
     */
    OPENAI("openai", "OpenAI-compatible", "/embeddings", "OPENAI_BASE_URL"),

    /** Ollama's {@code POST {base}/api/embed} with {@code {"model", "input": [...]}}, answered by {@code {"embeddings": [[...]]}}. */
    OLLAMA("ollama", "Ollama", "/api/embed", "OLLAMA_BASE_URL");

    private final String provider;
    private final String displayName;
    private final String path;
    private final String baseUrlVariable;

    RemoteApi(String provider, String displayName, String path, String baseUrlVariable) {
        this.provider = provider;
        this.displayName = displayName;
        this.path = path;
        this.baseUrlVariable = baseUrlVariable;
    }

    /** The {@code EMBEDDING_PROVIDER} value naming this API, e.g. {@code openai}. */
    public String provider() {
        return provider;
    }

    /** How people call the API, e.g. {@code OpenAI-compatible}. */
    public String displayName() {
        return displayName;
    }

    /** The setting holding the server's base URL, e.g. {@code OPENAI_BASE_URL}. */
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    /** The API for an {@code EMBEDDING_PROVIDER} value. */
    public static RemoteApi forProvider(String provider) {
        for (RemoteApi api : values()) {
            if (api.provider.equals(provider.toLowerCase(Locale.ROOT))) {
                return api;
            }
        }
        throw new IllegalArgumentException("no remote embedding API is called '" + provider + "'");
    }

    /** The URL posted to: the base URL (a trailing slash dropped) plus this API's path. */
    URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    /** The request body: the same shape for both APIs. */
    byte[] request(ObjectMapper json, String model, List<String> texts) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write an embedding request", e);
        }
    }

    /**
     * The vectors of a successful answer, in the order of the request's texts, as the server sent them (not checked
     * for size or values, not normalised).
     *
     * @throws BadAnswer saying what is wrong with the answer's shape
     */
    List<float[]> vectors(JsonNode answer, int expected) {
        return switch (this) {
            case OPENAI -> openAiVectors(answer, expected);
            case OLLAMA -> {
                JsonNode embeddings = answer.path("embeddings");
                if (!embeddings.isArray()) {
                    throw new BadAnswer("it has no \"embeddings\" array");
                }
                requireCount(embeddings.size(), expected);
                List<float[]> out = new ArrayList<>(expected);
                for (int i = 0; i < expected; i++) {
                    out.add(floats(embeddings.get(i), i));
                }
                yield out;
            }
        };
    }

    /** What to do about an HTTP error status, for the error message. */
    String advice(int status, String body, RemoteModel model) {
        String lower = body.toLowerCase(Locale.ROOT);
        return switch (status) {
            case 401, 403 -> switch (this) {
                case OPENAI -> model.apiKey() == null
                        ? "the server wants an API key: set OPENAI_API_KEY"
                        : "check OPENAI_API_KEY: the server did not accept it (or it has no access to model '" + model.name() + "')";
                case OLLAMA -> "Ollama itself has no API key; something in front of it refused the request: check OLLAMA_BASE_URL";
            };
            case 404 -> switch (this) {
                case OPENAI -> "check OPENAI_BASE_URL (usually ending in /v1, e.g. https://api.openai.com/v1: '/embeddings' is "
                        + "added to it) and EMBEDDING_MODEL ('" + model.name() + "' must be a model the server serves)";
                case OLLAMA -> lower.contains("not found") && lower.contains("model")
                        ? "the model is not on the Ollama server: run 'ollama pull " + model.name() + "' there, or set EMBEDDING_MODEL "
                                + "to a model 'ollama list' shows"
                        : "check OLLAMA_BASE_URL (the server's root, e.g. http://localhost:11434: '/api/embed' is added to it) and "
                                + "EMBEDDING_MODEL ('" + model.name() + "')";
            };
            case 400, 422 -> "the server refused the request: check that EMBEDDING_MODEL ('" + model.name()
                    + "') is an embedding model it serves";
            case 413 -> "a text was too long for the server: let it truncate inputs (text-embeddings-inference: start it "
                    + "with --auto-truncate)";
            case 429 -> "the server is rate-limiting this client or the account is out of quota: lower "
                    + "MAX_CONCURRENT_INDEXING_JOBS or check the account's limits";
            default -> status >= 500 ? "the embedding server failed; see its log" : "see the server's answer";
        };
    }

    private static List<float[]> openAiVectors(JsonNode answer, int expected) {
        JsonNode data = answer.path("data");
        if (!data.isArray()) {
            throw new BadAnswer("it has no \"data\" array");
        }
        requireCount(data.size(), expected);
        float[][] ordered = new float[expected][];
        for (int position = 0; position < expected; position++) {
            JsonNode item = data.get(position);
            JsonNode index = item.path("index");
            // "index" says which input a vector belongs to; servers may answer out of order. Without it, the order is.
            int i = index.isMissingNode() ? position : index.canConvertToInt() && index.isIntegralNumber() ? index.intValue() : -1;
            if (i < 0 || i >= expected || ordered[i] != null) {
                throw new BadAnswer("item " + position + " of \"data\" has index " + index + "; expected each of 0.."
                        + (expected - 1) + " once");
            }
            ordered[i] = floats(item.path("embedding"), i);
        }
        return List.of(ordered);
    }

    private static void requireCount(int got, int expected) {
        if (got != expected) {
            throw new BadAnswer("it holds " + got + " vectors for " + expected + " texts");
        }
    }

    private static float[] floats(JsonNode vector, int text) {
        if (!vector.isArray() || vector.isEmpty()) {
            throw new BadAnswer("the vector of text " + text + " is not a non-empty array of numbers");
        }
        float[] v = new float[vector.size()];
        for (int k = 0; k < v.length; k++) {
            JsonNode x = vector.get(k);
            if (!x.isNumber()) {
                throw new BadAnswer("element " + k + " of the vector of text " + text + " is " + x + ", not a number");
            }
            v[k] = (float) x.doubleValue();
        }
        return v;
    }

    /** An answer of the right status whose body is not what the API promises. */
    static final class BadAnswer extends RuntimeException {
        BadAnswer(String message) {
            super(message);
        }
    }
}
