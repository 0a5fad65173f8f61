package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CachedDocumentEmbeddings} over the real SQLite cache, counting model calls with the hashing embedder. */
class CachedDocumentEmbeddingsTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private final List<SqliteControlPlane> planes = new ArrayList<>();

    /** A cache on this test's registry.db, as a fresh process would open it. */
    private EmbeddingCache cache() {
        SqliteControlPlane plane = new SqliteControlPlane(dir.resolve("registry.db"), CLOCK);
        planes.add(plane);
        return plane.embeddingCache(100_000);
    }

    @AfterEach
    void close() {
        planes.forEach(SqliteControlPlane::close);
    }

    @Test
    void embed_secondTimeInAnotherProcess_computesNothing() {
        HashingEmbedder model = new HashingEmbedder();
        List<String> texts = texts(50);
        CachedDocumentEmbeddings first = new CachedDocumentEmbeddings(model, cache(), 8);
        DocumentEmbeddings.Batch computed = first.embed(texts, () -> {});
        assertThat(computed.computed()).isEqualTo(50);
        assertThat(computed.cached()).isZero();
        assertThat(model.documentsEmbedded()).isEqualTo(50);

        CachedDocumentEmbeddings second = new CachedDocumentEmbeddings(model, cache(), 8);
        DocumentEmbeddings.Batch again = second.embed(texts, () -> {
            throw new AssertionError("no model call expected");
        });

        assertThat(again.computed()).isZero();
        assertThat(again.cached()).isEqualTo(50);
        assertThat(model.documentsEmbedded()).isEqualTo(50);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(again.vectors().get(i), computed.vectors().get(i))).isGreaterThan(0.99999);
            assertThat(VectorMath.dot(again.vectors().get(i), again.vectors().get(i))).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void cached_isAPureLookup_alignedWithNullsForUnknown() {
        HashingEmbedder model = new HashingEmbedder();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, cache(), 8);
        docs.embed(List.of("alpha text", "beta text"), () -> {});
        long calls = model.documentsEmbedded();

        List<float[]> found = docs.cached(List.of("beta text", "unknown text", "alpha text"));

        assertThat(found).hasSize(3);
        assertThat(found.get(0)).isNotNull();
        assertThat(found.get(1)).isNull();
        assertThat(found.get(2)).isNotNull();
        assertThat(cosine(found.get(2), model.embedDocuments(List.of("alpha text")).get(0))).isGreaterThan(0.99999);
        assertThat(model.documentsEmbedded()).isEqualTo(calls + 1); // only the comparison above
    }

    @Test
    void embed_mixOfKnownAndNew_computesOnlyTheNewOnes_indexAligned() {
        HashingEmbedder model = new HashingEmbedder();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, cache(), 8);
        List<String> texts = texts(10);
        docs.embed(texts.subList(0, 6), () -> {});

        DocumentEmbeddings.Batch batch = docs.embed(texts, () -> {});

        assertThat(batch.computed()).isEqualTo(4);
        assertThat(batch.cached()).isEqualTo(6);
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = model.embedDocuments(List.of(texts.get(i))).get(0);
            assertThat(cosine(batch.vectors().get(i), expected)).as("text %d", i).isGreaterThan(0.99999);
        }
    }

    @Test
    void embed_repeatedTextInOneBatch_isComputedOnce() {
        HashingEmbedder model = new HashingEmbedder();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, cache(), 8);

        DocumentEmbeddings.Batch batch = docs.embed(List.of("same", "other", "same"), () -> {});

        assertThat(model.documentsEmbedded()).isEqualTo(2);
        assertThat(batch.computed()).isEqualTo(2);
        assertThat(batch.cached()).isEqualTo(1);
        assertThat(batch.vectors().get(2)).isEqualTo(batch.vectors().get(0));
    }

    @Test
    void embed_callsTheModelInBoundedLengthSortedCalls_hookBeforeEach() {
        Recording model = new Recording();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, cache(), 8);
        List<String> texts = new ArrayList<>(texts(20));
        Collections.shuffle(texts, new java.util.Random(7));
        AtomicInteger hooks = new AtomicInteger();

        docs.embed(texts, hooks::incrementAndGet);

        assertThat(model.calls).extracting(List::size).containsExactly(8, 8, 4);
        assertThat(hooks).hasValue(3);
        List<Integer> lengths = model.calls.stream().flatMap(List::stream).map(String::length).toList();
        assertThat(lengths).isSorted();
    }

    @Test
    void embed_hookThrows_stopsComputing_keepsWhatWasComputed() {
        HashingEmbedder model = new HashingEmbedder();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, cache(), 8);
        List<String> texts = texts(20);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> docs.embed(texts, () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("cancelled");
            }
        })).hasMessage("cancelled");

        assertThat(model.documentsEmbedded()).isEqualTo(8);
        assertThat(docs.cached(texts).stream().filter(v -> v != null).count()).isEqualTo(8);
        assertThat(docs.embed(texts, () -> {}).computed()).isEqualTo(12);
    }

    @Test
    void anotherModelId_sharesNothing() {
        CachedDocumentEmbeddings bge = new CachedDocumentEmbeddings(new HashingEmbedder(384), cache(), 8);
        bge.embed(texts(5), () -> {});
        HashingEmbedder other = new HashingEmbedder(256);

        DocumentEmbeddings.Batch batch = new CachedDocumentEmbeddings(other, cache(), 8).embed(texts(5), () -> {});

        assertThat(batch.computed()).isEqualTo(5);
        assertThat(batch.vectors()).allSatisfy(v -> assertThat(v).hasSize(256));
    }

    @Test
    void cacheOff_computesEveryTime() {
        HashingEmbedder model = new HashingEmbedder();
        CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(model, EmbeddingCache.none(), 8);
        docs.embed(texts(5), () -> {});

        DocumentEmbeddings.Batch batch = docs.embed(texts(5), () -> {});

        assertThat(batch.computed()).isEqualTo(5);
        assertThat(model.documentsEmbedded()).isEqualTo(10);
        assertThat(docs.cached(texts(5))).containsOnlyNulls();
    }

    /** Texts of different lengths. */
    private static List<String> texts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "src/F" + i + ".java\nvoid m" + i + "() { " + "x++; ".repeat(i % 7) + "}")
                .toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** The hashing embedder, remembering the texts of each call. */
    private static final class Recording implements Embedder {
        final HashingEmbedder delegate = new HashingEmbedder();
        final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            calls.add(List.copyOf(texts));
            return delegate.embedDocuments(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            return delegate.embedQuery(query);
        }
    }
}
