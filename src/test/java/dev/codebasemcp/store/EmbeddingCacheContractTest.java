package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link EmbeddingCache} contract every store adapter must pass. Subclasses give each test a fresh, empty cache
 * on the first call of {@link #openCache} and further handles on the same store (as other processes) after it, and
 * close what they opened after each test.
 */
public abstract class EmbeddingCacheContractTest {

    private static final String MODEL = "onnx:test-model";
    private static final int DIM = 384;

    protected final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    protected final InstantSource clock = () -> now.get();

    /** Opens a handle on this test's store; the first call in a test gets an empty cache. */
    protected abstract EmbeddingCache openCache(long maxEntries, InstantSource clock);

    @Test
    void get_unknownKeys_returnsNothing() {
        EmbeddingCache cache = openCache(1000, clock);

        assertThat(cache.get(MODEL, List.of(hash("a"), hash("b")))).isEmpty();
        assertThat(cache.get(MODEL, List.of())).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void put_thenGet_returnsTheVectorsAtHalfPrecision() {
        EmbeddingCache cache = openCache(1000, clock);
        Map<String, float[]> vectors = vectors(0, 20);

        cache.put(MODEL, vectors);
        Map<String, float[]> found = cache.get(MODEL, List.copyOf(vectors.keySet()));

        assertThat(found).hasSize(20).containsOnlyKeys(vectors.keySet());
        vectors.forEach((h, v) -> {
            assertThat(found.get(h)).hasSize(DIM);
            assertThat(cosine(v, found.get(h))).isGreaterThan(0.99999);
            for (int i = 0; i < DIM; i++) {
                assertThat(found.get(h)[i]).isCloseTo(v[i], org.assertj.core.data.Offset.offset(1e-3f));
            }
        });
        assertThat(cache.size()).isEqualTo(20);
    }

    @Test
    void get_mixOfKnownAndUnknownAndRepeatedKeys_returnsOnlyKnown() {
        EmbeddingCache cache = openCache(10_000, clock);
        Map<String, float[]> vectors = vectors(0, 150);
        cache.put(MODEL, vectors);
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            asked.add(hash("t" + i)); // 0..149 known, 150..299 unknown: several lookup statements
        }
        asked.add(hash("t3"));

        Map<String, float[]> found = cache.get(MODEL, asked);

        assertThat(found).containsOnlyKeys(vectors.keySet());
    }

    @Test
    void get_isScopedByModel() {
        EmbeddingCache cache = openCache(1000, clock);
        Map<String, float[]> vectors = vectors(0, 3);
        cache.put(MODEL, vectors);

        assertThat(cache.get("onnx:other-model", List.copyOf(vectors.keySet()))).isEmpty();
        assertThat(cache.get(MODEL + "@256t", List.copyOf(vectors.keySet()))).isEmpty();
    }

    @Test
    void put_existingKey_keepsTheFirstVector() {
        EmbeddingCache cache = openCache(1000, clock);
        String h = hash("same text");
        float[] first = unit(new Random(1));
        cache.put(MODEL, Map.of(h, first));

        cache.put(MODEL, Map.of(h, unit(new Random(2)), hash("new"), unit(new Random(3))));

        assertThat(cosine(cache.get(MODEL, List.of(h)).get(h), first)).isGreaterThan(0.99999);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void anotherHandle_seesWhatTheFirstPut() {
        EmbeddingCache first = openCache(1000, clock);
        Map<String, float[]> vectors = vectors(0, 5);
        first.put(MODEL, vectors);

        EmbeddingCache second = openCache(1000, clock);

        assertThat(second.get(MODEL, List.copyOf(vectors.keySet()))).containsOnlyKeys(vectors.keySet());
    }

    @Test
    void concurrentPutsOfTheSameKeys_fromSeveralHandles_allSucceed() throws Exception {
        List<EmbeddingCache> handles = List.of(openCache(1000, clock), openCache(1000, clock), openCache(1000, clock));
        Map<String, float[]> vectors = vectors(0, 40);

        Concurrently.run(6, i -> {
            handles.get(i % handles.size()).put(MODEL, vectors);
            return null;
        });

        assertThat(handles.get(0).get(MODEL, List.copyOf(vectors.keySet()))).hasSize(40);
        assertThat(handles.get(1).size()).isEqualTo(40);
    }

    @Test
    void concurrentPutsOfOverlappingKeysInOppositeOrders_neverDeadlock() throws Exception {
        List<EmbeddingCache> handles = List.of(openCache(100_000, clock), openCache(100_000, clock));
        for (int round = 0; round < 10; round++) {
            Map<String, float[]> forward = vectors(round * 100, round * 100 + 100);
            Map<String, float[]> backward = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>(forward.keySet());
            java.util.Collections.reverse(keys);
            keys.forEach(k -> backward.put(k, forward.get(k)));

            Concurrently.run(4, i -> {
                handles.get(i % 2).put(MODEL, i % 2 == 0 ? forward : backward);
                return null;
            });
        }

        assertThat(handles.get(0).size()).isEqualTo(1000);
    }

    @Test
    void overTheCap_evictsTheLeastRecentlyUsed() {
        EmbeddingCache cache = openCache(10, clock);
        Map<String, float[]> old = vectors(0, 10);
        cache.put(MODEL, old);
        List<String> oldKeys = List.copyOf(old.keySet());
        now.set(now.get().plus(Duration.ofDays(2)));
        List<String> used = oldKeys.subList(0, 5);
        assertThat(cache.get(MODEL, used)).hasSize(5); // a hit more than a day after the last use refreshes it
        now.set(now.get().plusSeconds(60));

        Map<String, float[]> fresh = vectors(10, 15);
        cache.put(MODEL, fresh);

        assertThat(cache.size()).isEqualTo(10);
        assertThat(cache.get(MODEL, oldKeys)).containsOnlyKeys(used);
        assertThat(cache.get(MODEL, List.copyOf(fresh.keySet()))).hasSize(5);
    }

    @Test
    void badHash_isRejected() {
        EmbeddingCache cache = openCache(1000, clock);

        assertThatThrownBy(() -> cache.get(MODEL, List.of("not-a-hash"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.put(MODEL, Map.of("abc", new float[] {1f})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Vectors for texts "t{from}" .. "t{to-1}", keyed by their hash, in order. */
    protected static Map<String, float[]> vectors(int from, int to) {
        Map<String, float[]> m = new LinkedHashMap<>();
        IntStream.range(from, to).forEach(i -> m.put(hash("t" + i), unit(new Random(i))));
        return m;
    }

    protected static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static float[] unit(Random random) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    protected static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
