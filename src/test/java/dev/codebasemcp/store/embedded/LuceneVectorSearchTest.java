package dev.codebasemcp.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.store.MMapDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact and the HNSW path of the semantic leg must agree (on a data set small enough for HNSW to be exact). */
class LuceneVectorSearchTest {

    private static final int DIM = 16;

    @TempDir
    Path dir;

    @Test
    void exactAndHnswPaths_returnSameHitsAndScores_withAndWithoutFilters() throws IOException {
        Random rnd = new Random(3);
        try (LuceneProjectIndex hnsw = new LuceneProjectIndex("p", dir, new MMapDirectory(dir), 0, LuceneWriteTuning.DEFAULT);
             LuceneProjectIndex exact = new LuceneProjectIndex("p", dir, new MMapDirectory(dir), Integer.MAX_VALUE, LuceneWriteTuning.DEFAULT)) {
            String repo = hnsw.upsertRepository("/r").id();
            for (int f = 0; f < 60; f++) {
                String path = (f % 3 == 0 ? "py/mod" + f + ".py" : "java/pkg/C" + f + ".java");
                List<IndexedChunk> chunks = new ArrayList<>();
                for (int c = 0; c < 5; c++) {
                    Chunk chunk = new Chunk(path.endsWith(".py") ? "python" : "java", "function", "f" + f + "_" + c,
                            c + 1, c + 1, "body " + f + " " + c);
                    chunks.add(new IndexedChunk(IndexedChunk.idFor(repo, path, c + 1, c + 1, "h"), path, chunk, "", "",
                            randomUnit(rnd)));
                }
                hnsw.replaceFile(repo, new FileRecord(path, 1, 1, "h", "x", 5, Instant.EPOCH), chunks);
            }
            hnsw.commit(Map.of());

            List<SearchFilter> filters = List.of(SearchFilter.NONE, SearchFilter.of(null, "python", null, null),
                    SearchFilter.of(null, null, null, "java/pkg"), SearchFilter.of(RepositoryInfo.idFor("/r"), null, null, null));
            for (SearchFilter filter : filters) {
                for (int q = 0; q < 10; q++) {
                    float[] query = randomUnit(rnd);
                    List<ChunkHit> a = hnsw.semantic(query, filter, 10);
                    List<ChunkHit> b = exact.semantic(query, filter, 10);
                    assertThat(a).extracting(ChunkHit::chunkId).as("filter %s", filter)
                            .containsExactlyElementsOf(b.stream().map(ChunkHit::chunkId).toList());
                    for (int i = 0; i < a.size(); i++) {
                        assertThat(a.get(i).score()).isCloseTo(b.get(i).score(), within(1e-5f));
                    }
                    assertThat(a).hasSize(10);
                }
            }
        }
    }

    @Test
    void vectorsWiderThanLucenesDefaultLimit_areIndexedAndFound_afterReopening() throws IOException {
        int dim = 3072; // OpenAI text-embedding-3-large; Lucene's own formats refuse more than 1,024
        Random rnd = new Random(5);
        List<float[]> vectors = new ArrayList<>();
        try (LuceneProjectIndex index = new LuceneProjectIndex("p", dir, new MMapDirectory(dir), 0, LuceneWriteTuning.DEFAULT)) {
            String repo = index.upsertRepository("/r").id();
            for (int f = 0; f < 20; f++) {
                String path = "C" + f + ".java";
                float[] v = randomUnit(rnd, dim);
                vectors.add(v);
                Chunk chunk = new Chunk("java", "function", "f" + f, 1, 1, "body " + f);
                index.replaceFile(repo, new FileRecord(path, 1, 1, "h", "x", 1, Instant.EPOCH),
                        List.of(new IndexedChunk(IndexedChunk.idFor(repo, path, 1, 1, "h"), path, chunk, "", "", v)));
            }
            index.commit(Map.of());
        }
        try (LuceneProjectIndex hnsw = new LuceneProjectIndex("p", dir, new MMapDirectory(dir), 0, LuceneWriteTuning.DEFAULT);
             LuceneProjectIndex exact = new LuceneProjectIndex("p", dir, new MMapDirectory(dir), Integer.MAX_VALUE, LuceneWriteTuning.DEFAULT)) {
            for (LuceneProjectIndex index : List.of(hnsw, exact)) {
                List<ChunkHit> hits = index.semantic(vectors.get(7), SearchFilter.NONE, 3);
                assertThat(hits).hasSize(3);
                assertThat(hits.get(0).path()).isEqualTo("C7.java");
                assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
            }
        }
    }

    private static float[] randomUnit(Random rnd) {
        return randomUnit(rnd, DIM);
    }

    private static float[] randomUnit(Random rnd, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (v[i] / Math.sqrt(n));
        }
        return v;
    }
}
