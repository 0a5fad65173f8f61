package dev.codebasemcp.store.embedded;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Not a test: indexes synthetic Java/Python chunks with random 384-d unit vectors into a fresh Lucene project and
 * prints index time, BM25 / kNN / filtered-kNN latency percentiles, kNN recall@10 against brute force, manifest and
 * stats time, and size on disk.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(deps) \
 *     dev.codebasemcp.store.embedded.LuceneChunkStoreBenchmark [chunks=50000] [dir=a temp dir]</pre>
 */
public final class LuceneChunkStoreBenchmark {

    private static final int DIM = 384;
    private static final int CHUNKS_PER_FILE = 6;
    private static final int FILES_PER_COMMIT = 500;
    private static final int QUERIES = 500;
    private static final String[] WORDS = ("parse read write file string buffer http request response client server "
            + "cache entry key value index search query token user account session config load save create delete "
            + "update list map set node tree graph path stream byte channel socket connect close open handler event "
            + "listener message queue job worker task thread pool lock retry timeout error exception result status "
            + "json xml yaml schema model vector embed chunk repository project registry commit rollback transaction "
            + "metric counter histogram log level format date time clock instant duration encode decode hash digest").split(" ");
    private static final String[] MODULES = {"core", "net", "io", "json", "cache", "auth", "jobs", "search", "store", "web",
            "cli", "metrics", "config", "util", "model", "api", "db", "queue", "http", "events"};

    private LuceneChunkStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("lucene-bench");
        Random rnd = new Random(42);
        ProjectRef project = new ProjectRef("12345678-0000-0000-0000-000000000000", "bench", "cb_proj_bench_12345678");
        int files = (total + CHUNKS_PER_FILE - 1) / CHUNKS_PER_FILE;
        float[][] vectors = new float[total][];

        try (LuceneChunkStore store = new LuceneChunkStore(dir)) {
            ProjectIndex index = store.open(project);
            String repo = index.upsertRepository("/bench/repo").id();
            long start = System.nanoTime();
            int n = 0;
            for (int f = 0; f < files && n < total; f++) {
                boolean python = f % 10 < 3;
                String module = MODULES[f % MODULES.length];
                String cls = camel(rnd, 2, true);
                String path = python ? "src/" + module + "/" + snake(rnd, 2) + ".py"
                        : "src/main/java/com/acme/" + module + "/" + cls + ".java";
                List<IndexedChunk> chunks = new ArrayList<>();
                int line = 1;
                for (int c = 0; c < CHUNKS_PER_FILE && n < total; c++, n++) {
                    String name = python ? snake(rnd, 3) : camel(rnd, 3, false);
                    String content = python ? pythonFunction(rnd, name) : javaMethod(rnd, name);
                    int lines = (int) content.lines().count();
                    float[] v = randomUnit(rnd);
                    vectors[n] = v;
                    String id = IndexedChunk.idFor(repo, path, line, line + lines - 1, Integer.toHexString(content.hashCode()));
                    chunks.add(new IndexedChunk(id, path, new Chunk(python ? "python" : "java", "method",
                            python ? name : cls + "." + name, line, line + lines - 1, content), "", "", v));
                    line += lines;
                }
                index.replaceFile(repo, new FileRecord(path, 4096, 1_700_000_000_000L, Integer.toHexString(path.hashCode()),
                        python ? "python" : "java", chunks.size(), Instant.now()), chunks);
                if ((f + 1) % FILES_PER_COMMIT == 0) {
                    index.commit(Map.of("last_indexed_at", Instant.now().toString()));
                }
            }
            index.commit(Map.of("last_indexed_at", Instant.now().toString()));
            index.releaseWriter();
            double indexSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %,d chunks in %,d files: %.1f s (%.0f chunks/s), commit every %d files%n",
                    total, files, indexSeconds, total / indexSeconds, FILES_PER_COMMIT);
            System.out.printf(Locale.ROOT, "size on disk: %.1f MB%n", sizeOf(dir.resolve(project.databaseName())) / 1e6);

            // Warm up, then measure each leg.
            for (int i = 0; i < 300; i++) {
                index.lexical(textQuery(rnd), SearchFilter.NONE, 10);
                index.semantic(randomUnit(rnd), SearchFilter.NONE, 10);
            }
            report("BM25 top-10 (2-4 words)", i -> index.lexical(textQuery(rnd), SearchFilter.NONE, 10));
            report("BM25 top-10 (identifier)", i -> index.lexical(camel(rnd, 3, false), SearchFilter.NONE, 10));
            report("BM25 top-10 + prefix filter", i -> index.lexical(textQuery(rnd),
                    SearchFilter.of(null, null, null, "src/main/java/com/acme/" + MODULES[i % MODULES.length]), 10));
            report("kNN top-10 (k'=50)", i -> index.semantic(randomUnit(rnd), SearchFilter.NONE, 10));
            report("kNN top-10, language=python (30%)", i -> index.semantic(randomUnit(rnd),
                    SearchFilter.of(null, "python", null, null), 10));
            report("kNN top-10, dir prefix (~3.5%)", i -> index.semantic(randomUnit(rnd),
                    SearchFilter.of(null, null, null, "src/main/java/com/acme/" + MODULES[i % MODULES.length]), 10));
            report("kNN top-10, glob src/**/*.py", i -> index.semantic(randomUnit(rnd),
                    SearchFilter.of(null, null, null, "src/**/*.py"), 10));
            report("stats()", i -> List.of(index.stats()));
            report("metadata()", i -> List.of(index.metadata()));

            long t = System.nanoTime();
            int manifestSize = index.manifest(repo).size();
            System.out.printf(Locale.ROOT, "manifest(%,d files): %.1f ms%n", manifestSize, (System.nanoTime() - t) / 1e6);
            System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force (50 queries): %.3f%n", recall(index, vectors, rnd));
        }
    }

    private static void report(String what, IntFunction<List<?>> search) {
        long[] nanos = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long t = System.nanoTime();
            search.apply(i);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-36s p50 %6.3f ms  p95 %6.3f ms%n", what, nanos[QUERIES / 2] / 1e6,
                nanos[QUERIES * 95 / 100] / 1e6);
    }

    private static double recall(ProjectIndex index, float[][] vectors, Random rnd) {
        int queries = 50;
        double found = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = randomUnit(rnd);
            Integer[] order = new Integer[vectors.length];
            float[] sims = new float[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                order[i] = i;
                float s = 0;
                for (int d = 0; d < DIM; d++) {
                    s += vectors[i][d] * query[d];
                }
                sims[i] = s;
            }
            Arrays.sort(order, (a, b) -> Float.compare(sims[b], sims[a]));
            float tenth = sims[order[9]];
            List<ChunkHit> hits = index.semantic(query, SearchFilter.NONE, 10);
            found += hits.stream().filter(h -> h.score() >= tenth - 1e-5f).count();
        }
        return found / (queries * 10.0);
    }

    private static String textQuery(Random rnd) {
        int n = 2 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder("the");
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String camel(Random rnd, int words, boolean upperFirst) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            sb.append(i == 0 && !upperFirst ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return sb.toString();
    }

    private static String snake(Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : "_").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String javaMethod(Random rnd, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("    /** ").append(sentence(rnd)).append(" */\n");
        sb.append("    public ").append(camel(rnd, 1, true)).append(' ').append(name).append('(')
                .append(camel(rnd, 2, true)).append(' ').append(camel(rnd, 1, false)).append(") {\n");
        int lines = 10 + rnd.nextInt(25);
        for (int i = 0; i < lines; i++) {
            sb.append("        ").append(camel(rnd, 2, true)).append(' ').append(camel(rnd, 2, false)).append(" = ")
                    .append(camel(rnd, 1, false)).append('.').append(camel(rnd, 2, false)).append('(')
                    .append(camel(rnd, 1, false)).append(", \"").append(WORDS[rnd.nextInt(WORDS.length)]).append("\");\n");
        }
        sb.append("        return ").append(camel(rnd, 2, false)).append(";\n    }");
        return sb.toString();
    }

    private static String pythonFunction(Random rnd, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("def ").append(name).append('(').append(snake(rnd, 1)).append(", ").append(snake(rnd, 2)).append("):\n");
        sb.append("    \"\"\"").append(sentence(rnd)).append("\"\"\"\n");
        int lines = 8 + rnd.nextInt(20);
        for (int i = 0; i < lines; i++) {
            sb.append("    ").append(snake(rnd, 2)).append(" = ").append(snake(rnd, 1)).append('.').append(snake(rnd, 2))
                    .append('(').append(snake(rnd, 1)).append(")\n");
        }
        sb.append("    return ").append(snake(rnd, 2));
        return sb.toString();
    }

    private static String sentence(Random rnd) {
        int n = 5 + rnd.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
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

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
