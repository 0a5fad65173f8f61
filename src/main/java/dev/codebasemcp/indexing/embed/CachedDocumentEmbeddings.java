package dev.codebasemcp.indexing.embed;

import dev.codebasemcp.store.EmbeddingCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Document vectors through the shared {@link EmbeddingCache}, keyed by ({@link Embedder#modelId()}, SHA-256 of the
 * text): a text embedded once, by any project of the installation, is never embedded again by the same model and
 * token budget (the budget is part of the model id). Misses are de-duplicated, sorted by length (so the sequences
 * of one call are alike and the embedder's workers finish together) and embedded in calls of at most
 * {@code callSize} texts; each call's vectors are stored before the next call, so a cancelled job keeps what it paid
 * for. Vectors served from the cache are at half precision (cosine ≥ 0.99999 to the computed ones). Thread-safe.
 */
public final class CachedDocumentEmbeddings implements DocumentEmbeddings {

    /** Texts per model call; see docs/architecture.md for the measurement behind it. */
    public static final int DEFAULT_CALL_SIZE = 8;

    private static final HexFormat HEX = HexFormat.of();

    private final Embedder embedder;
    private final EmbeddingCache cache;
    private final int callSize;
    private final LongAdder computed = new LongAdder();
    private final LongAdder served = new LongAdder();

    public CachedDocumentEmbeddings(Embedder embedder, EmbeddingCache cache, int callSize) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.cache = Objects.requireNonNull(cache, "cache");
        if (callSize < 1) {
            throw new IllegalArgumentException("callSize must be >= 1: " + callSize);
        }
        this.callSize = callSize;
    }

    @Override
    public String modelId() {
        return embedder.modelId();
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public boolean dimensionKnown() {
        return embedder.dimensionKnown();
    }

    @Override
    public List<float[]> cached(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<String> hashes = hashes(texts);
        Map<String, float[]> found = unitLength(cache.get(modelId(), hashes));
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String h : hashes) {
            vectors.add(found.get(h));
        }
        return vectors;
    }

    @Override
    public Batch embed(List<String> texts, Runnable beforeEachModelCall) {
        Objects.requireNonNull(beforeEachModelCall, "beforeEachModelCall");
        if (texts.isEmpty()) {
            return new Batch(List.of(), 0, 0);
        }
        List<String> hashes = hashes(texts);
        Map<String, float[]> known = new HashMap<>(unitLength(cache.get(modelId(), hashes)));
        Map<String, String> missing = new LinkedHashMap<>(); // hash -> text, each distinct text once
        for (int i = 0; i < texts.size(); i++) {
            if (!known.containsKey(hashes.get(i))) {
                missing.putIfAbsent(hashes.get(i), texts.get(i));
            }
        }
        List<String> todoHashes = new ArrayList<>(missing.keySet());
        List<float[]> computedVectors = ModelCalls.inLengthOrder(embedder, new ArrayList<>(missing.values()), callSize,
                beforeEachModelCall, (indexes, vectors) -> {
                    // cached call by call, so that a cancel keeps what was computed
                    Map<String, float[]> fresh = new LinkedHashMap<>();
                    for (int i = 0; i < indexes.size(); i++) {
                        fresh.put(todoHashes.get(indexes.get(i)), vectors.get(i));
                    }
                    cache.put(modelId(), fresh);
                });
        for (int i = 0; i < todoHashes.size(); i++) {
            known.put(todoHashes.get(i), computedVectors.get(i));
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String h : hashes) {
            out.add(known.get(h));
        }
        int computedHere = todoHashes.size();
        computed.add(computedHere);
        served.add(texts.size() - computedHere);
        return new Batch(out, computedHere, texts.size() - computedHere);
    }

    /**
     * Cached vectors come back at half precision, a few 1e-5 off unit length; the stores score by dot product, which
     * assumes unit vectors, so they are normalised again (cosine to the computed vector stays above 0.99999).
     */
    private static Map<String, float[]> unitLength(Map<String, float[]> vectors) {
        vectors.values().forEach(VectorMath::normalizeInPlace);
        return vectors;
    }

    /** Texts the model embedded through this instance so far. */
    public long computedTotal() {
        return computed.sum();
    }

    /** Texts served without a model call (cache hits and repeats within a batch) so far. */
    public long cachedTotal() {
        return served.sum();
    }

    /** Lowercase hex SHA-256 of the UTF-8 text, the cache key beside the model id. */
    static String sha256(MessageDigest sha, String text) {
        return HEX.formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> hashes(List<String> texts) {
        MessageDigest sha = sha256();
        String[] out = new String[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sha256(sha, Objects.requireNonNull(texts.get(i), "a document text is null"));
        }
        return Arrays.asList(out);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
