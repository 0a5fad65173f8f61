package dev.codebasemcp.store.embedded;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How project indexes are written: the vector format (HNSW graph parameters, float32 or int8-quantized vectors),
 * the RAM buffer and merging. Readers need none of it (Lucene records each segment's formats by name), so a change
 * here only affects new segments. {@link #DEFAULT} is what the server uses; {@code LuceneChunkStoreBenchmark}
 * compares the alternatives.
 *
 * @param quantized      int8 (7-bit) scalar-quantized vectors in the graph instead of float32
 * @param maxConn        HNSW neighbours per node (Lucene's default 16)
 * @param beamWidth      HNSW candidates while inserting a node (Lucene's default 100); build time grows with it
 * @param ramBufferMb    indexing buffer before a flush writes a segment
 * @param mergeThreads   concurrent background merges; 1 leaves the other core to searches and the pipeline
 */
record LuceneWriteTuning(boolean quantized, int maxConn, int beamWidth, double ramBufferMb, int mergeThreads) {

    /**
     * float32, M=16, beam 64 (Lucene's default is 100), 64 MB, one merge thread. {@code LuceneChunkStoreBenchmark} on
     * 60,000 windows of JDK sources with hashing-embedder vectors: beam 64 took 38.7 s of process CPU to index against
     * 52.5 s for beam 100, kNN recall@10 (k'=50) 0.90/0.94 against 0.89/0.95 (sentence / snippet queries; 50 each),
     * kNN CPU p50 1.2 ms against 1.5 ms. int8 ({@code Lucene104HnswScalarQuantizedVectorsFormat}, 7 bits, beam 100)
     * saved only 7% of the indexing CPU, made the index 16% larger (it keeps the float vectors too) and kNN slower
     * (CPU p50 1.9 ms), and returns estimated scores, so it was not taken. The HNSW parameters are not part of the
     * on-disk format: segments written with either setting are read alike.
     */
    static final LuceneWriteTuning DEFAULT = new LuceneWriteTuning(false, 16, 64, 64, 1);

    LuceneWriteTuning {
        if (maxConn < 2 || maxConn > 512 || beamWidth < 2 || beamWidth > 3200 || ramBufferMb < 1 || mergeThreads < 1) {
            throw new IllegalArgumentException("bad Lucene write tuning " + maxConn + "/" + beamWidth + "/" + ramBufferMb
                    + "/" + mergeThreads);
        }
    }

    KnnVectorsFormat vectorsFormat() {
        return new WideVectors(quantized
                ? new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SEVEN_BIT, maxConn, beamWidth)
                : new Lucene99HnswVectorsFormat(maxConn, beamWidth));
    }

    Codec codec() {
        KnnVectorsFormat vectors = vectorsFormat();
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        };
    }

    IndexWriterConfig writerConfig(Analyzer analyzer) {
        ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler();
        // Merges queue behind one another rather than stalling indexing threads early.
        merges.setMaxMergesAndThreads(mergeThreads + 5, mergeThreads);
        return new IndexWriterConfig(analyzer)
                .setCodec(codec())
                .setRAMBufferSizeMB(ramBufferMb)
                .setMergeScheduler(merges)
                .setMergePolicy(new TieredMergePolicy());
    }

    /**
     * A Lucene vector format that accepts up to {@link #MAX_DIMENSIONS} dimensions instead of Lucene's 1,024, which
     * remote embedding models pass (OpenAI's text-embedding-3-small gives 1,536, -large 3,072). It only lifts the check
     * made when a document is added: it writes under the wrapped format's name, so segments are read back by Lucene's
     * own format, which has no limit on reading.
     */
    static final class WideVectors extends KnnVectorsFormat {

        static final int MAX_DIMENSIONS = 4096;

        private final KnnVectorsFormat format;

        WideVectors(KnnVectorsFormat format) {
            super(format.getName());
            this.format = format;
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return format.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return format.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }

        @Override
        public String toString() {
            return format + " (up to " + MAX_DIMENSIONS + " dimensions)";
        }
    }

    @Override
    public String toString() {
        return (quantized ? "int8" : "float32") + " M=" + maxConn + " beam=" + beamWidth + " ram=" + ramBufferMb + "MB merges="
                + mergeThreads;
    }
}
