package dev.codebasemcp.indexing.embed;

import dev.codebasemcp.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A deterministic embedder without a model, for tests about other things and {@code EMBEDDING_PROVIDER=hash}.
 * Text is split into lowercase word pieces (on non-alphanumerics, camelCase, and letter/digit boundaries; a split
 * identifier also contributes itself whole), each piece is hashed into one of {@code dimension} buckets with a
 * hash-chosen sign (signed feature hashing), and the sum is L2-normalised. Texts sharing words get similar vectors.
 * Queries and documents are treated alike. Counts the texts it embeds, so tests can prove nothing was re-embedded.
 * Thread-safe.
 */
public final class HashingEmbedder implements Embedder, TokenCounter {

    public static final int DEFAULT_DIMENSION = 384;
    private static final int MAX_TOKENS = 512;

    private final int dimension;
    private final LongAdder documents = new LongAdder();
    private final LongAdder queries = new LongAdder();

    /** A {@value #DEFAULT_DIMENSION}-dimensional hashing embedder (the size of bge-small's vectors). */
    public HashingEmbedder() {
        this(DEFAULT_DIMENSION);
    }

    /** @param dimension number of hash buckets, i.e. the vector size; at least 2 */
    public HashingEmbedder(int dimension) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension must be >= 2: " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public String modelId() {
        return "hash:" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(Objects.requireNonNull(text, "a document text is null")));
        }
        documents.add(texts.size());
        return Collections.unmodifiableList(vectors);
    }

    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new InvalidInputException("The search query is empty; pass some words describing the code to find.");
        }
        queries.increment();
        return embed(query);
    }

    /** Document texts embedded so far (each text of each {@link #embedDocuments} call counts once). */
    public long documentsEmbedded() {
        return documents.sum();
    }

    /** Queries embedded so far. */
    public long queriesEmbedded() {
        return queries.sum();
    }

    /** Word pieces plus the two special tokens a BERT model would add; a rough stand-in for a real tokenizer. */
    @Override
    public int countTokens(String text) {
        return WordPieces.split(Objects.requireNonNull(text, "text")).size() + 2;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    private float[] embed(String text) {
        float[] v = new float[dimension];
        List<String> pieces = WordPieces.split(text);
        if (pieces.isEmpty()) {
            v[0] = 1f; // text without words: a fixed direction, still unit length
            return v;
        }
        for (String piece : pieces) {
            long h = hash(piece);
            int bucket = (int) Long.remainderUnsigned(h, dimension);
            v[bucket] += (h >>> 63) == 0 ? 1f : -1f;
        }
        if (isZero(v)) {
            v[0] = 1f; // features cancelled out exactly; keep the vector unit length
            return v;
        }
        return VectorMath.normalizeInPlace(v);
    }

    private static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a over the characters, then a murmur3 finaliser so bucket and sign bits are well mixed. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
