package dev.codebasemcp.indexing.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): embeds real JDK methods with {@link OnnxEmbedder} and prints load time, chunks/s,
 * tokens/s, and query latency while idle and while documents are being embedded.
 * <p>
 * Arguments: {@code [jdk-source-dir=/tmp/jdksrc] [chunks=500] [workers=2,1] [lc4j]}; {@code lc4j} also times
 * langchain4j's bundled model on the same chunks. Extract the sources with
 * {@code unzip -q $JAVA_HOME/lib/src.zip -d /tmp/jdksrc}.
 * <p>
 * {@code chunks DIR[,DIR...] [key=value...]} runs {@link ChunkEmbeddingBench} instead: the chunks the
 * {@code Chunker} makes of real source trees, embedded through {@link CachedDocumentEmbeddings} per model, token
 * budget, thread split and call size.
 */
public final class EmbedderBench {

    private static final List<String> QUERIES = List.of(
            "read a file into a string", "parse an integer from text", "sort a list with a comparator",
            "thread safe hash map insertion", "convert bytes to hexadecimal", "check whether a path is absolute",
            "compute the hash code of an array", "remove an element from a linked list", "format a date",
            "close a stream and ignore errors", "find the maximum of a collection", "split a string by a regex");

    /** {@code -Dbench.spin=true} lets the query session's idle intra-op threads busy-wait (off by default). */
    private static final boolean SPIN = Boolean.parseBoolean(System.getProperty("bench.spin", "false"));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("chunks")) {
            ChunkEmbeddingBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Path source = Path.of(args.length > 0 ? args[0] : "/tmp/jdksrc");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int[] workers = Arrays.stream((args.length > 2 ? args[2] : "2,1").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        boolean langchain = Arrays.asList(args).contains("lc4j");

        List<String> chunks = JavaMethods.extract(source, count, 20, 60);
        System.out.printf("cores %d, %d chunks (20-60-line JDK methods from %s)%n",
                Runtime.getRuntime().availableProcessors(), chunks.size(), source);

        for (int w : workers) {
            long t0 = System.nanoTime();
            try (OnnxEmbedder embedder = new OnnxEmbedder(OnnxModel.BGE_SMALL_EN_V15_Q, 512, w, 1, 2, SPIN)) {
                System.out.printf("%n== %d document worker(s), 2 query threads (spinning %s); load %d ms%n",
                        w, SPIN, ms(t0));
                run(embedder, chunks);
            }
        }
        if (langchain) {
            long t0 = System.nanoTime();
            BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();
            System.out.printf("%n== langchain4j BgeSmallEnV15QuantizedEmbeddingModel; load %d ms%n", ms(t0));
            List<TextSegment> segments = chunks.stream().map(TextSegment::from).toList();
            model.embedAll(segments.subList(0, 10));
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            model.embedAll(segments);
            double s = (System.nanoTime() - t1) / 1e9;
            double cpu = (processCpuNanos() - cpu1) / 1e9;
            System.out.printf("documents: %.1f chunks/s, %.1f chunks per CPU-second (embeds every 510-token window "
                    + "of long texts and averages them)%n", chunks.size() / s, chunks.size() / cpu);
        }
    }

    private static void run(OnnxEmbedder embedder, List<String> chunks) {
        long tokens = 0;
        int truncated = 0;
        for (String chunk : chunks) {
            int n = embedder.countTokens(chunk);
            tokens += Math.min(n, embedder.maxTokens());
            truncated += n > embedder.maxTokens() ? 1 : 0;
        }
        System.out.printf("tokens fed to the model %d (mean %d per chunk), %d chunks (%.0f%%) over %d tokens%n",
                tokens, tokens / chunks.size(), truncated, 100.0 * truncated / chunks.size(), embedder.maxTokens());

        embedder.embedDocuments(chunks.subList(0, 10));
        for (int i = 0; i < 5; i++) {
            embedder.embedQuery(QUERIES.get(i));
        }

        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        embedder.embedDocuments(chunks);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        System.out.printf("documents idle: %.1f chunks/s, %.0f tokens/s (%.1f s wall, %.1f s CPU = %.1f chunks per "
                + "CPU-second)%n", chunks.size() / seconds, tokens / seconds, seconds, cpuSeconds,
                chunks.size() / cpuSeconds);

        System.out.println("queries idle:        " + latencies(embedder, 60, null));

        List<String> half = chunks.subList(0, chunks.size() / 2);
        long h0 = System.nanoTime();
        CompletableFuture<Void> indexing = CompletableFuture.runAsync(() -> embedder.embedDocuments(half));
        String underLoad = latencies(embedder, Integer.MAX_VALUE, indexing);
        indexing.join();
        double hs = (System.nanoTime() - h0) / 1e9;
        System.out.println("queries while indexing: " + underLoad);
        System.out.printf("documents while querying: %.1f chunks/s%n", half.size() / hs);
    }

    /** Runs queries back to back, {@code n} times or until {@code until} completes; a 50 ms gap between queries. */
    private static String latencies(OnnxEmbedder embedder, int n, CompletableFuture<?> until) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n && (until == null || !until.isDone()); i++) {
            long t = System.nanoTime();
            embedder.embedQuery(QUERIES.get(i % QUERIES.size()));
            ms.add((System.nanoTime() - t) / 1e6);
            if (until != null) {
                pause(50);
            }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d queries)",
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1], sorted.length);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Cuts methods out of JDK sources: a declaration line ending in '{' up to the brace closing it. */
    static final class JavaMethods {

        static List<String> extract(Path root, int count, int minLines, int maxLines) throws IOException {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .java files under " + root);
            }
            List<Path> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, new Random(42)); // spread picks over the whole tree, reproducibly
            List<String> methods = new ArrayList<>();
            for (Path file : shuffled) {
                if (methods.size() >= count) {
                    break;
                }
                List<String> found = methodsOf(file, minLines, maxLines);
                methods.addAll(found.subList(0, Math.min(2, found.size())));
            }
            return methods.subList(0, Math.min(count, methods.size()));
        }

        private static List<String> methodsOf(Path file, int minLines, int maxLines) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (UncheckedIOException | IOException e) {
                return List.of(); // a few JDK sources are not UTF-8; a benchmark can skip them
            }
            List<String> methods = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String trimmed = line.strip();
                if (!line.startsWith("    ") || line.startsWith("        ") || !trimmed.endsWith("{")
                        || !trimmed.contains("(") || trimmed.startsWith("if") || trimmed.startsWith("for")
                        || trimmed.startsWith("while") || trimmed.startsWith("switch") || trimmed.contains("=")) {
                    continue;
                }
                int depth = 0;
                for (int j = i; j < lines.size() && j - i < maxLines; j++) {
                    depth += braces(lines.get(j));
                    if (depth == 0) {
                        if (j - i + 1 >= minLines) {
                            methods.add(String.join("\n", lines.subList(i, j + 1)));
                        }
                        i = j;
                        break;
                    }
                }
            }
            return methods;
        }

        private static int braces(String line) {
            int d = 0;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                d += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            return d;
        }
    }
}
