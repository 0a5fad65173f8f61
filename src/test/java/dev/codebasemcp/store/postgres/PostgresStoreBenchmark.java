package dev.codebasemcp.store.postgres;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Not a test: indexes real code (the JDK's own sources from {@code $JAVA_HOME/lib/src.zip}, chunked by the real
 * chunker) with random 384-d unit vectors into a fresh project database, then prints write throughput, lexical,
 * semantic and filtered-semantic latency percentiles and kNN recall@10 against brute force. The project database is
 * dropped at the end unless {@code keep} is given; {@code reuse} measures a database kept by an earlier run (same
 * arguments) without writing again. {@code -Dbench.vectors=false} writes chunks without vectors (lexical only), to
 * separate the cost of pgvector's HNSW inserts from the rest of the write path.
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) dev.codebasemcp.store.postgres.PostgresStoreBenchmark \
 *     [chunks=50000] [registry URL=postgresql://postgres@127.0.0.1:5432/cbm_bench] [keep|reuse]</pre>
 */
public final class PostgresStoreBenchmark {

    private static final int DIM = 384;
    private static final boolean VECTORS = Boolean.parseBoolean(System.getProperty("bench.vectors", "true"));
    private static final int FILES_PER_COMMIT = 200;
    private static final int QUERIES = 300;
    private static final String[] WORDS = ("parse read write file string buffer http request response client server "
            + "cache entry key value index search query token user session config load save create delete "
            + "update list map set node tree path stream byte channel socket connect close open handler event "
            + "listener message queue thread pool lock retry timeout error exception result status "
            + "format date time clock instant duration encode decode hash digest").split(" ");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*\\s*\\n?\\s*\\*?\\s*([A-Z][^.*@{}<]{15,120})\\.");

    private PostgresStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        String url = args.length > 1 ? args[1] : "postgresql://postgres@127.0.0.1:5432/cbm_bench";
        boolean reuse = args.length > 2 && args[2].equals("reuse");
        boolean keep = reuse || args.length > 2 && args[2].equals("keep");
        Random rnd = new Random(42);
        List<String> symbols = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        float[][] vectors = new float[total][];
        try (PostgresStore store = PostgresStore.connect(url, InstantSource.system())) {
            byte[] random = new byte[4];
            rnd.nextBytes(random);
            ProjectRef project = store.registry().getOrCreate(ProjectSpec.named("bench-" + HexFormat.of().formatHex(random)));
            try {
                ProjectIndex index = store.chunks().open(project);
                String repo = index.upsertRepository("/bench/jdk").id();
                long start = System.nanoTime();
                int n = write(reuse ? null : index, repo, total, vectors, rnd, symbols, sentences, directories);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "wrote %,d chunks (JDK sources, real chunker) in %.1f s: %.0f chunks/s "
                        + "(commit every %d files, HNSW built at the first commit, then incremental)%n", n, seconds, n / seconds,
                        FILES_PER_COMMIT);
                System.out.println("stats: " + index.stats());
                measure(index, rnd, symbols, sentences, directories, Arrays.copyOf(vectors, n));
            } finally {
                if (!keep) {
                    store.close();
                    PostgresTestServer.drop(List.of(project.databaseName()));
                    System.out.println("dropped " + project.databaseName());
                } else {
                    System.out.println("kept " + project.databaseName());
                }
            }
        }
    }

    private static int write(ProjectIndex index, String repo, int total, float[][] vectors, Random rnd, List<String> symbols,
                             List<String> sentences, List<String> directories) throws IOException {
        Chunker chunker = new Chunker();
        int n = 0;
        int files = 0;
        long stageNanos = 0;
        long commitNanos = 0;
        Path src = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        try (ZipFile zip = new ZipFile(src.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().filter(e -> e.getName().endsWith(".java")).toList();
            for (ZipEntry e : entries) {
                if (n >= total) {
                    break;
                }
                String path = e.getName();
                String content = new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                List<Chunk> chunks = chunker.chunk(path, content);
                List<IndexedChunk> indexed = new ArrayList<>();
                for (Chunk c : chunks) {
                    if (n >= total) {
                        break;
                    }
                    float[] v = randomUnit(rnd);
                    vectors[n++] = v;
                    indexed.add(new IndexedChunk(IndexedChunk.idFor(repo, path, c.startLine(), c.endLine(),
                            Integer.toHexString(c.content().hashCode())), path, c, "", "", VECTORS ? v : null));
                    if (c.symbol() != null && rnd.nextInt(20) == 0) {
                        symbols.add(c.symbol().substring(c.symbol().lastIndexOf('.') + 1));
                    }
                }
                Matcher m = JAVADOC.matcher(content);
                if (m.find() && rnd.nextInt(4) == 0) {
                    sentences.add(m.group(1).replaceAll("\\s+", " "));
                }
                int slash = path.lastIndexOf('/');
                if (slash > 0 && !directories.contains(path.substring(0, slash))) {
                    directories.add(path.substring(0, slash));
                }
                if (index == null) {
                    continue;
                }
                long t0 = System.nanoTime();
                index.replaceFile(repo, new FileRecord(path, content.length(), 1_700_000_000_000L,
                        Integer.toHexString(content.hashCode()), Chunker.languageOf(path), indexed.size(), Instant.now()), indexed);
                long t1 = System.nanoTime();
                stageNanos += t1 - t0;
                if (++files % FILES_PER_COMMIT == 0) {
                    index.commit(Map.of("last_indexed_at", Instant.now().toString()));
                    commitNanos += System.nanoTime() - t1;
                }
            }
        }
        if (index == null) {
            return n;
        }
        long t = System.nanoTime();
        index.commit(Map.of("last_indexed_at", Instant.now().toString()));
        commitNanos += System.nanoTime() - t;
        index.releaseWriter();
        System.out.printf(Locale.ROOT, "staging (replaceFile) %.1f s, commits %.1f s%n", stageNanos / 1e9, commitNanos / 1e9);
        System.out.printf(Locale.ROOT, "%,d files, %,d symbols, %,d sentences, %,d directories sampled%n", files,
                symbols.size(), sentences.size(), directories.size());
        return n;
    }

    private static void measure(ProjectIndex index, Random rnd, List<String> symbols, List<String> sentences,
                                List<String> directories, float[][] vectors) {
        for (int i = 0; i < 100; i++) {
            index.lexical(words(rnd), SearchFilter.NONE, 10);
            index.semantic(randomUnit(rnd), SearchFilter.NONE, 10);
        }
        PostgresProjectIndex pg = (PostgresProjectIndex) index;
        for (int[] budget : new int[][] {{PostgresLexical.EXACT_BUDGET, PostgresLexical.BEST_EFFORT_BUDGET}}) {
            System.out.printf(Locale.ROOT, "-- lexical candidate budget %d + %d%n", budget[0], budget[1]);
            agreement("identifier", pg, budget, i -> symbols.get(rnd.nextInt(symbols.size())));
            agreement("2-4 common words", pg, budget, i -> words(rnd));
            agreement("Javadoc sentence", pg, budget, i -> sentences.get(rnd.nextInt(sentences.size())));
        }
        System.out.println("-- defaults");
        report("lexical top-10, identifier", i -> index.lexical(symbols.get(rnd.nextInt(symbols.size())), SearchFilter.NONE, 10));
        report("lexical top-10, 2-4 common words", i -> index.lexical(words(rnd), SearchFilter.NONE, 10));
        report("lexical top-10, Javadoc sentence", i -> index.lexical(sentences.get(rnd.nextInt(sentences.size())),
                SearchFilter.NONE, 10));
        report("lexical top-10, words + dir prefix", i -> index.lexical(words(rnd),
                SearchFilter.of(null, null, null, directories.get(rnd.nextInt(directories.size()))), 10));
        if (!VECTORS) {
            return;
        }
        report("semantic top-10", i -> index.semantic(randomUnit(rnd), SearchFilter.NONE, 10));
        report("semantic top-10, dir prefix", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, null, null, directories.get(rnd.nextInt(directories.size()))), 10));
        report("semantic top-10, java.base/java/util/**", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, null, null, "java.base/java/util/**"), 10));
        report("semantic top-10, glob **/*Impl.java", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, null, null, "**/*Impl.java"), 10));
        report("stats()", i -> List.of(index.stats()));
        if (VECTORS) {
            System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force (50 queries): %.3f%n", recall(index, vectors, rnd));
        }
    }

    /**
     * How much of the exhaustive BM25 top 10 a budgeted search returns (by score, so ties do not count against it),
     * and its latency.
     */
    private static void agreement(String what, PostgresProjectIndex index, int[] budget, IntFunction<String> query) {
        int queries = 100;
        int all = Integer.MAX_VALUE / 4;
        double overlap = 0;
        int identical = 0;
        long[] nanos = new long[queries];
        for (int i = 0; i < queries; i++) {
            String q = query.apply(i);
            long t = System.nanoTime();
            List<ChunkHit> fast = index.lexical(q, SearchFilter.NONE, 10, budget[0], budget[1]);
            nanos[i] = System.nanoTime() - t;
            List<ChunkHit> reference = index.lexical(q, SearchFilter.NONE, 10, all, all);
            if (reference.isEmpty()) {
                overlap += 1;
                identical++;
                continue;
            }
            float tenth = reference.getLast().score();
            long hits = fast.stream().filter(h -> h.score() >= tenth - 1e-4f).count();
            overlap += Math.min(1.0, (double) hits / reference.size());
            identical += hits >= reference.size() ? 1 : 0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  %-18s recall@10 vs exhaustive %.3f, identical top-10 %3d%%, p50 %6.2f ms, p95 %6.2f ms%n",
                what, overlap / queries, identical * 100 / queries, nanos[queries / 2] / 1e6, nanos[queries * 95 / 100] / 1e6);
    }

    private static void report(String what, IntFunction<List<?>> search) {
        long[] nanos = new long[QUERIES];
        long results = 0;
        for (int i = 0; i < QUERIES; i++) {
            long t = System.nanoTime();
            results += search.apply(i).size();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-42s p50 %7.2f ms  p95 %7.2f ms  (avg %.1f results)%n", what,
                nanos[QUERIES / 2] / 1e6, nanos[QUERIES * 95 / 100] / 1e6, (double) results / QUERIES);
    }

    private static double recall(ProjectIndex index, float[][] vectors, Random rnd) {
        int queries = 50;
        double found = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = randomUnit(rnd);
            float[] sims = new float[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                float s = 0;
                for (int d = 0; d < DIM; d++) {
                    s += vectors[i][d] * query[d];
                }
                sims[i] = s;
            }
            float[] sorted = sims.clone();
            Arrays.sort(sorted);
            float tenth = sorted[sorted.length - 10];
            List<ChunkHit> hits = index.semantic(query, SearchFilter.NONE, 10);
            found += hits.stream().filter(h -> h.score() >= tenth - 1e-5f).count();
        }
        return found / (queries * 10.0);
    }

    private static String words(Random rnd) {
        int n = 2 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static float[] randomUnit(Random rnd) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
