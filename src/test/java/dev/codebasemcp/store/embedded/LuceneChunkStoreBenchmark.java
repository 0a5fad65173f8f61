package dev.codebasemcp.store.embedded;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Not a test: indexes chunks into a fresh Lucene project and prints index time (wall and process CPU), BM25 / kNN /
 * filtered-kNN latency percentiles, kNN recall@10 against brute force, manifest and stats time, and size on disk.
 *
 * <p>Chunks are synthetic Java/Python with random 384-d unit vectors, or, with {@code source=DIR}, 40-line windows of
 * the {@code .java} files under DIR (e.g. the JDK's {@code lib/src.zip} unpacked) embedded by the
 * {@link HashingEmbedder}: vectors with the clustered structure of real text, which HNSW behaves very differently on
 * than on uniform random ones. {@code tuning=float32|int8,M,beam,ramMB,mergeThreads} picks the write format
 * (default {@link LuceneWriteTuning#DEFAULT}).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(deps) \
 *     dev.codebasemcp.store.embedded.LuceneChunkStoreBenchmark [chunks=50000] [dir=a temp dir] [--reuse]
 *     [source=/tmp/jdksrc] [tuning=int8,16,100,64,1]</pre>
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

    /** Common words first, then pseudo-words; drawn with a Zipf-like law so postings look like a real code base. */
    private static final String[] VOCAB = vocabulary(5000);
    private static final double[] CUMULATIVE = zipf(VOCAB.length);

    private LuceneChunkStoreBenchmark() {
    }

    private static String[] vocabulary(int size) {
        String[] syllables = "ba ce di fo gu ka le mi no pu ra se ti vo zu tor ex in al ent ion ack ump ist ver".split(" ");
        String[] out = new String[size];
        System.arraycopy(WORDS, 0, out, 0, WORDS.length);
        Random r = new Random(7);
        for (int i = WORDS.length; i < size; i++) {
            out[i] = syllables[r.nextInt(syllables.length)] + syllables[r.nextInt(syllables.length)]
                    + (i % 3 == 0 ? syllables[r.nextInt(syllables.length)] : "");
        }
        return out;
    }

    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static String word(Random rnd) {
        int i = Arrays.binarySearch(CUMULATIVE, rnd.nextDouble());
        return VOCAB[Math.min(VOCAB.length - 1, i < 0 ? -i - 1 : i)];
    }

    public static void main(String[] args) throws IOException {
        int total = 50_000;
        Path dir = null;
        boolean reuse = false;
        Path source = null;
        LuceneWriteTuning tuning = LuceneWriteTuning.DEFAULT;
        for (String a : args) {
            if (a.equals("--reuse")) {
                reuse = true;
            } else if (a.startsWith("source=")) {
                source = Path.of(a.substring(7));
            } else if (a.startsWith("tuning=")) {
                String[] t = a.substring(7).split(",");
                tuning = new LuceneWriteTuning(t[0].equals("int8"), Integer.parseInt(t[1]), Integer.parseInt(t[2]),
                        Double.parseDouble(t[3]), Integer.parseInt(t[4]));
            } else if (a.chars().allMatch(Character::isDigit)) {
                total = Integer.parseInt(a);
            } else {
                dir = Path.of(a);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("lucene-bench");
        }
        Random rnd = new Random(42);
        ProjectRef project = new ProjectRef("12345678-0000-0000-0000-000000000000", "bench", "cb_proj_bench_12345678");
        int files = (total + CHUNKS_PER_FILE - 1) / CHUNKS_PER_FILE;
        float[][] vectors = new float[total][];
        List<String> texts = new ArrayList<>();
        System.out.printf(Locale.ROOT, "tuning: %s, chunks: %,d, %s%n", tuning, total,
                source == null ? "synthetic text, random vectors" : "windows of " + source + ", hashing embedder");

        try (LuceneChunkStore store = new LuceneChunkStore(dir, tuning)) {
            ProjectIndex index = store.open(project);
            String repo = index.upsertRepository("/bench/repo").id();
            if (!reuse) {
                if (source == null) {
                    build(index, repo, total, files, vectors, rnd);
                } else {
                    buildFromSource(index, repo, total, source, vectors, texts);
                }
            }
            System.out.printf(Locale.ROOT, "size on disk: %.1f MB%n", sizeOf(dir.resolve(project.databaseName())) / 1e6);
            search(index, repo, rnd);
            if (!reuse && source != null) {
                HashingEmbedder embedder = new HashingEmbedder();
                System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force, sentence queries: %.3f%n",
                        recall(index, vectors, () -> embedder.embedQuery(SENTENCES[rnd.nextInt(SENTENCES.length)] + " "
                                + SENTENCES[rnd.nextInt(SENTENCES.length)]), 10));
                System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force, 3 lines of a chunk as query: %.3f%n",
                        recall(index, vectors, () -> embedder.embedQuery(snippet(texts.get(rnd.nextInt(texts.size())), rnd)), 10));
            } else if (!reuse) {
                System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force, random queries: %.3f%n",
                        recall(index, vectors, () -> randomUnit(rnd), 10));
                System.out.printf(Locale.ROOT, "kNN recall@10 vs brute force, queries near a document (cos ~0.7): %.3f%n",
                        recall(index, vectors, () -> near(vectors[rnd.nextInt(vectors.length)], rnd), 10));
                System.out.printf(Locale.ROOT, "kNN recall@1 vs brute force, queries near a document (cos ~0.7): %.3f%n",
                        recall(index, vectors, () -> near(vectors[rnd.nextInt(vectors.length)], rnd), 1));
            }
        }
    }

    private static final String[] SENTENCES = {"parse command line arguments", "read a file into a string",
            "open a database connection", "handle http request errors", "retry with exponential backoff",
            "compute a hash of the content", "split text into tokens", "walk a directory tree recursively",
            "start a background thread", "compare two strings ignoring case", "sort a list of items",
            "convert bytes to hexadecimal", "format a date", "cancel a running task", "cache results in memory"};

    private static String snippet(String text, Random rnd) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        int from = rnd.nextInt(Math.max(1, lines.size() - 3));
        return String.join("\n", lines.subList(from, Math.min(lines.size(), from + 3))) + " x";
    }

    /** 40-line windows of the .java files under {@code source}, hash-embedded, as one chunk each. */
    private static void buildFromSource(ProjectIndex index, String repo, int total, Path source, float[][] vectors,
                                        List<String> texts) throws IOException {
        HashingEmbedder embedder = new HashingEmbedder();
        List<Path> javaFiles;
        try (Stream<Path> walk = Files.walk(source)) {
            javaFiles = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        int n = 0;
        int f = 0;
        for (Path file : javaFiles) {
            if (n >= total) {
                break;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue;
            }
            String path = source.relativize(file).toString();
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int from = 0; from < lines.size() && n < total; from += 40, n++) {
                int to = Math.min(lines.size(), from + 40);
                String content = String.join("\n", lines.subList(from, to));
                float[] v = embedder.embedDocuments(List.of(path + "\n" + content)).getFirst();
                vectors[n] = v;
                texts.add(content);
                String id = IndexedChunk.idFor(repo, path, from + 1, to, Integer.toHexString(content.hashCode()));
                chunks.add(new IndexedChunk(id, path, new Chunk("java", "block", null, from + 1, to, content), "", "", v));
            }
            index.replaceFile(repo, new FileRecord(path, 4096, 1_700_000_000_000L, Integer.toHexString(path.hashCode()),
                    "java", chunks.size(), Instant.now()), chunks);
            if (++f % FILES_PER_COMMIT == 0) {
                index.commit(Map.of("last_indexed_at", Instant.now().toString()));
            }
        }
        index.commit(Map.of("last_indexed_at", Instant.now().toString()));
        index.releaseWriter();
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        if (n < total) {
            throw new IllegalStateException("only " + n + " chunks under " + source);
        }
        System.out.printf(Locale.ROOT, "indexed %,d chunks in %,d files: %.1f s wall (%.0f chunks/s), %.1f s process CPU, "
                + "commit every %d files, load %s%n", n, f, secs, n / secs, cpu, FILES_PER_COMMIT, load());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void build(ProjectIndex index, String repo, int total, int files, float[][] vectors, Random rnd) {
        long start = System.nanoTime();
        int n = 0;
        for (int f = 0; f < files && n < total; f++) {
            boolean python = f % 10 < 3;
            String module = MODULES[rnd.nextInt(MODULES.length)];
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
    }

    private static void search(ProjectIndex index, String repo, Random rnd) {
        // Warm up, then measure each leg.
        for (int i = 0; i < 300; i++) {
            index.lexical(textQuery(rnd), SearchFilter.NONE, 10);
            index.semantic(randomUnit(rnd), SearchFilter.NONE, 10);
        }
        report("BM25 top-10 (2-4 words)", i -> index.lexical(textQuery(rnd), SearchFilter.NONE, 10));
        report("BM25 top-50 (2-4 words; SearchService's depth)", i -> index.lexical(textQuery(rnd), SearchFilter.NONE, 50));
        report("kNN top-50 (HNSW; SearchService's depth)", i -> index.semantic(randomUnit(rnd), SearchFilter.NONE, 50));
        report("BM25 top-10 (identifier)", i -> index.lexical(camel(rnd, 3, false), SearchFilter.NONE, 10));
        report("BM25 top-10 + prefix filter", i -> index.lexical(textQuery(rnd),
                SearchFilter.of(null, null, null, "src/main/java/com/acme/" + MODULES[i % MODULES.length]), 10));
        report("kNN top-10 (HNSW, k'=50)", i -> index.semantic(randomUnit(rnd), SearchFilter.NONE, 10));
        report("kNN top-10, language=python (30%, exact)", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, "python", null, null), 10));
        report("kNN top-10, dir prefix (3.5%, exact)", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, null, null, "src/main/java/com/acme/" + MODULES[i % MODULES.length]), 10));
        report("kNN top-10, glob src/**/*.py (30%, exact)", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(null, null, null, "src/**/*.py"), 10));
        report("kNN top-10, repo + language=python + glob", i -> index.semantic(randomUnit(rnd),
                SearchFilter.of(repo, "python", null, "src/" + MODULES[i % MODULES.length] + "/*.py"), 10));
        report("stats()", i -> List.of(index.stats()));
        report("metadata() (= per-read refresh check)", i -> List.of(index.metadata()));

        long[] manifestNanos = new long[7];
        int manifestSize = 0;
        for (int i = 0; i < manifestNanos.length; i++) {
            long t = System.nanoTime();
            manifestSize = index.manifest(repo).size();
            manifestNanos[i] = System.nanoTime() - t;
        }
        long first = manifestNanos[0];
        Arrays.sort(manifestNanos);
        System.out.printf(Locale.ROOT, "manifest(%,d files): first %.1f ms, median of 7 %.1f ms%n", manifestSize, first / 1e6,
                manifestNanos[3] / 1e6);
    }

    /** Wall-clock and thread-CPU percentiles: on a shared machine CPU time shows the cost, wall time the wait. */
    private static void report(String what, IntFunction<List<?>> search) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[QUERIES];
        long[] cpu = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            search.apply(i);
            wall[i] = System.nanoTime() - t;
            cpu[i] = threads.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-44s wall p50 %6.3f p95 %6.3f ms | cpu p50 %6.3f p95 %6.3f ms%n", what,
                wall[QUERIES / 2] / 1e6, wall[QUERIES * 95 / 100] / 1e6, cpu[QUERIES / 2] / 1e6, cpu[QUERIES * 95 / 100] / 1e6);
    }

    private static double recall(ProjectIndex index, float[][] vectors, Supplier<float[]> queryVectors, int k) {
        int queries = 50;
        double found = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = queryVectors.get();
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
            float kth = sims[order[k - 1]];
            List<ChunkHit> hits = index.semantic(query, SearchFilter.NONE, k);
            found += hits.stream().filter(h -> h.score() >= kth - 1e-5f).count();
        }
        return found / ((double) queries * k);
    }

    private static String textQuery(Random rnd) {
        int n = 2 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder("the");
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(word(rnd));
        }
        return sb.toString();
    }

    private static String camel(Random rnd, int words, boolean upperFirst) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = word(rnd);
            sb.append(i == 0 && !upperFirst ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return sb.toString();
    }

    private static String snake(Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : "_").append(word(rnd));
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
                    .append(camel(rnd, 1, false)).append(", \"").append(word(rnd)).append("\");\n");
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
            sb.append(i == 0 ? "" : " ").append(word(rnd));
        }
        return sb.append('.').toString();
    }

    /** A unit vector with cosine about 0.7 to {@code v}: what a query that fits one chunk looks like. */
    private static float[] near(float[] v, Random rnd) {
        float[] noise = randomUnit(rnd);
        float[] out = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            out[i] = v[i] + noise[i];
            norm += out[i] * out[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            out[i] *= inv;
        }
        return out;
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
