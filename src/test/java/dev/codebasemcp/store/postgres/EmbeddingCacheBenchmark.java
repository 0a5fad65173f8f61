package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.Registry;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: the embedding cache's cost on SQLite (a temp registry.db) and PostgreSQL (a fresh {@code cbm_test_*}
 * database, dropped at the end). Fills {@code entries} 384-d vectors in puts of 64, then prints the cost of looking
 * up 1,000 vectors (hits, in lookups of 64 as the indexer makes them, and in one lookup) and of 1,000 misses; on SQLite
 * also what concurrent cache puts do to a registry write in the same file (the write-contention question).
 *
 * <pre>java -cp target/test-classes:target/classes:$(deps) dev.codebasemcp.store.postgres.EmbeddingCacheBenchmark [entries=20000]</pre>
 */
public final class EmbeddingCacheBenchmark {

    private static final int DIM = 384;
    private static final int BATCH = 64;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EmbeddingCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.printf("load average %.2f, %d entries of %d dimensions%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), entries, DIM);
        Path dir = Files.createTempDirectory("cbm-cache-bench");
        try (SqliteControlPlane sqlite = new SqliteControlPlane(dir.resolve("registry.db"), InstantSource.system())) {
            EmbeddingCache cache = sqlite.embeddingCache(10_000_000);
            measure("SQLite", cache, entries);
            contention(sqlite.registry(), cache);
            System.out.printf("SQLite file size %.1f MB (%.0f bytes per entry)%n",
                    Files.size(dir.resolve("registry.db")) / 1e6, (double) Files.size(dir.resolve("registry.db")) / entries);
        }
        String db = PostgresTestServer.uniqueDatabase();
        try (PostgresStore pg = PostgresStore.connect(PostgresTestServer.url(db), InstantSource.system())) {
            measure("PostgreSQL", pg.embeddingCache(10_000_000), entries);
        } finally {
            PostgresTestServer.drop(List.of(db));
        }
    }

    private static void measure(String name, EmbeddingCache cache, int entries) throws Exception {
        List<String> keys = new ArrayList<>(entries);
        Random random = new Random(1);
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        for (int from = 0; from < entries; from += BATCH) {
            Map<String, float[]> batch = new LinkedHashMap<>();
            for (int i = from; i < Math.min(entries, from + BATCH); i++) {
                String k = sha("text " + i);
                keys.add(k);
                batch.put(k, unit(random));
            }
            cache.put("onnx:bench", batch);
        }
        double putMs = (System.nanoTime() - t0) / 1e6;
        double putCpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
        System.out.printf("%n%s: put %.1f ms per 1,000 vectors, %.1f ms of it CPU in this thread (puts of %d)%n", name,
                putMs * 1000 / entries, putCpuMs * 1000 / entries, BATCH);

        double[] hits64 = new double[15], hitsOne = new double[15], misses = new double[15], cpu64 = new double[15];
        for (int round = 0; round < 15; round++) {
            List<String> hit = sampleOf(keys, random, 1000);
            long a = System.nanoTime();
            long ac = THREADS.getCurrentThreadCpuTime();
            int found = 0;
            for (int from = 0; from < hit.size(); from += BATCH) {
                found += cache.get("onnx:bench", hit.subList(from, Math.min(hit.size(), from + BATCH))).size();
            }
            hits64[round] = (System.nanoTime() - a) / 1e6;
            cpu64[round] = (THREADS.getCurrentThreadCpuTime() - ac) / 1e6;
            long b = System.nanoTime();
            found += cache.get("onnx:bench", hit).size();
            hitsOne[round] = (System.nanoTime() - b) / 1e6;
            List<String> miss = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                miss.add(sha("missing " + round + " " + i));
            }
            long c = System.nanoTime();
            found += cache.get("onnx:bench", miss).size();
            misses[round] = (System.nanoTime() - c) / 1e6;
            if (found != 2000) {
                throw new IllegalStateException("expected 2,000 hits, got " + found);
            }
        }
        System.out.printf("%s: get 1,000 hits in lookups of %d: p50 %.1f ms (%.1f ms CPU in this thread); in one lookup: "
                + "p50 %.1f ms; 1,000 misses: p50 %.1f ms (15 rounds, first 3 dropped)%n", name, BATCH, p50(hits64),
                p50(cpu64), p50(hitsOne), p50(misses));
    }

    /** A registry write (a small transaction on the same file) while another thread puts cache batches non-stop. */
    private static void contention(Registry registry, EmbeddingCache cache) throws Exception {
        String quiet = registryWrites(registry, "q");
        AtomicBoolean stop = new AtomicBoolean();
        Random random = new Random(2);
        int[] puts = new int[1];
        Thread writer = Thread.ofPlatform().name("bench-cache-writer").start(() -> {
            while (!stop.get()) {
                Map<String, float[]> batch = new LinkedHashMap<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.put(sha("contention " + puts[0] + " " + i), unit(random));
                }
                cache.put("onnx:bench", batch);
                puts[0]++;
            }
        });
        String busy;
        try {
            busy = registryWrites(registry, "b");
        } finally {
            stop.set(true);
            writer.join();
        }
        System.out.printf("SQLite registry write (getOrCreate of a new project) p50/p99: quiet %s; while another thread "
                + "puts batches of %d non-stop (%d puts): %s%n", quiet, BATCH, puts[0], busy);
    }

    private static String registryWrites(Registry registry, String tag) {
        double[] ms = new double[200];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            registry.getOrCreate(ProjectSpec.named("bench-" + tag + "-" + i));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return String.format("%.2f/%.2f ms", ms[ms.length / 2], ms[(int) (ms.length * 0.99)]);
    }

    private static double p50(double[] values) {
        double[] v = Arrays.copyOfRange(values, 3, values.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** {@code n} distinct keys. */
    private static List<String> sampleOf(List<String> keys, Random random, int n) {
        List<String> copy = new ArrayList<>(keys);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, n);
    }

    private static String sha(String text) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] unit(Random random) {
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
}
