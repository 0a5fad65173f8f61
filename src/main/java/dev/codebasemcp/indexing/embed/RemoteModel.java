package dev.codebasemcp.indexing.embed;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An embedding model served over HTTP: which API, where, the server's name for the model, and how texts are sent.
 * {@link #toString()} masks the API key.
 *
 * @param api            the wire format
 * @param baseUrl        http(s) base URL; {@link RemoteApi} adds its path
 * @param name           the server's name for the model, e.g. {@code nomic-embed-text} or {@code BAAI/bge-small-en-v1.5}
 * @param apiKey         sent as {@code Authorization: Bearer}; {@code null} sends no such header
 * @param queryPrefix    put in front of every query (e.g. {@code "search_query: "}); may be empty
 * @param documentPrefix put in front of every document (e.g. {@code "search_document: "}); may be empty
 * @param timeout        longest wait for one request's answer
 */
public record RemoteModel(RemoteApi api, URI baseUrl, String name, String apiKey, String queryPrefix,
                          String documentPrefix, Duration timeout) {

    public RemoteModel {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the embedding server's base URL must be http(s) with a host: " + baseUrl);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the model name must not be blank");
        }
        name = name.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        queryPrefix = Objects.requireNonNullElse(queryPrefix, "");
        documentPrefix = Objects.requireNonNullElse(documentPrefix, "");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The URL texts are posted to. */
    public URI endpoint() {
        return api.endpoint(baseUrl);
    }

    /**
     * The model id recorded per project and keying the embedding cache: {@code <provider>:<model>@<host[:port]>}, plus
     * {@code +doc-<8 hex>} (SHA-256 of the document prefix) when one is set, so that vectors made another way are told
     * apart. E.g. {@code ollama:nomic-embed-text@localhost:11434+doc-3f9a0c21}. The query prefix is not part of it:
     * stored vectors do not depend on it, so changing it re-embeds nothing.
     */
    public String id() {
        String host = baseUrl.getHost() + (baseUrl.getPort() == -1 ? "" : ":" + baseUrl.getPort());
        // Ollama serves "name" as "name:latest": one model, one id.
        String model = api == RemoteApi.OLLAMA && name.endsWith(":latest") ? name.substring(0, name.length() - 7) : name;
        String id = api.provider() + ":" + model + "@" + host;
        if (documentPrefix.isEmpty()) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(documentPrefix.getBytes(StandardCharsets.UTF_8));
            return id + "+doc-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "RemoteModel[" + api.provider() + " " + name + " at " + baseUrl + ", key " + (apiKey == null ? "unset" : "****")
                + ", query prefix '" + queryPrefix + "', document prefix '" + documentPrefix + "', timeout " + timeout + "]";
    }
}
