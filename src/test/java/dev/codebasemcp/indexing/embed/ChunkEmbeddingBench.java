package dev.codebasemcp.indexing.embed;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.indexing.EmbeddingText;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.HalfFloats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): embedding throughput on the chunks the {@link Chunker} makes of real source trees, through
 * {@link CachedDocumentEmbeddings} with the cache off (the indexer's path on a cold cache). For each model × token
 * budget × thread split × call size it prints chunks/s, tokens/s (tokens the model actually read) and chunks per
 * CPU-second; then how much a smaller budget moves the vectors (cosine to the full-budget vector of the same model)
 * and the half-float round trip of real vectors.
 * <p>
 * {@code chunks DIR[,DIR...] [n=200] [models=bge,minilm] [budgets=512,256,128] [splits=2x1] [calls=8]}: a split
 * {@code WxT} is W document workers with T ONNX intra-op threads each. Chunks are sampled reproducibly: source files
 * shuffled (seed 42), at most 4 chunks from each, until {@code n} per directory.
 */
final class ChunkEmbeddingBench {

    private static final Set<String> CODE = Set.of("java", "python", "javascript", "typescript", "tsx", "go", "rust",
            "c", "cpp", "csharp", "ruby", "php", "kotlin", "scala", "bash");

    private ChunkEmbeddingBench() {}

    public static void main(String[] args) throws Exception {
        List<Path> dirs = Arrays.stream(args[0].split(",")).map(Path::of).toList();
        Map<String, String> opts = new HashMap<>();
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv[1]);
        }
        int n = Integer.parseInt(opts.getOrDefault("n", "200"));
        List<OnnxModel> models = Arrays.stream(opts.getOrDefault("models", "bge,minilm").split(","))
                .map(m -> m.startsWith("bge") ? OnnxModel.BGE_SMALL_EN_V15_Q : OnnxModel.ALL_MINILM_L6_V2_Q).toList();
        int[] budgets = ints(opts.getOrDefault("budgets", "512,256,128"));
        List<int[]> splits = Arrays.stream(opts.getOrDefault("splits", "2x1").split(","))
                .map(s -> new int[] {Integer.parseInt(s.split("x")[0]), Integer.parseInt(s.split("x")[1])}).toList();
        int[] calls = ints(opts.getOrDefault("calls", "8"));

        System.out.printf("cores %d, load average at start %.2f%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (Path dir : dirs) {
            List<String> texts = sample(dir, n);
            System.out.printf("%n### %s: %d chunks (mean %d chars)%n", dir, texts.size(),
                    texts.stream().mapToInt(String::length).sum() / texts.size());
            for (OnnxModel model : models) {
                Map<Integer, List<float[]>> byBudget = new HashMap<>();
                for (int budget : budgets) {
                    if (budget > model.maxTokens()) {
                        continue;
                    }
                    for (int[] split : splits) {
                        for (int call : calls) {
                            byBudget.put(budget, run(model, budget, split[0], split[1], call, texts));
                        }
                    }
                }
                compare(model, byBudget);
            }
        }
    }

    private static List<float[]> run(OnnxModel model, int budget, int workers, int threads, int call, List<String> texts) {
        try (OnnxEmbedder embedder = new OnnxEmbedder(model, budget, workers, threads, 1, false)) {
            long fed = 0;
            int over = 0;
            for (String t : texts) {
                int c = embedder.countTokens(t);
                fed += Math.min(c, embedder.maxTokens());
                over += c > embedder.maxTokens() ? 1 : 0;
            }
            embedder.embedDocuments(texts.subList(0, Math.min(8, texts.size()))); // warm-up
            CachedDocumentEmbeddings docs = new CachedDocumentEmbeddings(embedder, EmbeddingCache.none(), call);
            double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            List<float[]> vectors = docs.embed(texts, () -> {}).vectors();
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            System.out.printf("%-28s split %dx%d call %2d: %6.1f chunks/s %7.0f tokens/s  %5.1f chunks/CPU-s  "
                            + "(%d tokens/chunk read, %2.0f%% over budget, %.1f s, load %.1f)%n",
                    embedder.modelId(), workers, threads, call, texts.size() / s, fed / s, texts.size() / cpu,
                    fed / texts.size(), 100.0 * over / texts.size(), s, load0);
            return vectors;
        }
    }

    /** How far smaller budgets move the vectors, and the half-float round trip on real vectors. */
    private static void compare(OnnxModel model, Map<Integer, List<float[]>> byBudget) {
        if (byBudget.isEmpty()) {
            return;
        }
        int full = Collections.max(byBudget.keySet());
        List<float[]> ref = byBudget.get(full);
        double minHalf = 1;
        for (float[] v : ref) {
            float[] back = HalfFloats.decode(HalfFloats.encode(v));
            minHalf = Math.min(minHalf, VectorMath.dot(v, VectorMath.normalizeInPlace(back)));
        }
        System.out.printf("%s: half-float round trip (re-normalised), min cosine %.9f over %d real vectors%n", model.modelName(),
                minHalf, ref.size());
        for (Map.Entry<Integer, List<float[]>> e : byBudget.entrySet()) {
            if (e.getKey() == full) {
                continue;
            }
            double sum = 0, min = 1;
            for (int i = 0; i < ref.size(); i++) {
                double c = VectorMath.dot(ref.get(i), e.getValue().get(i));
                sum += c;
                min = Math.min(min, c);
            }
            System.out.printf("%s: budget %d vs %d, cosine mean %.4f min %.4f%n", model.modelName(), e.getKey(), full,
                    sum / ref.size(), min);
        }
    }

    static List<String> sample(Path root, int n) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> CODE.contains(Chunker.languageOf(p.toString())))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .sorted().toList();
        }
        List<Path> shuffled = new ArrayList<>(files);
        Random random = new Random(42);
        Collections.shuffle(shuffled, random);
        Chunker chunker = new Chunker();
        List<String> texts = new ArrayList<>();
        for (Path file : shuffled) {
            if (texts.size() >= n) {
                break;
            }
            String content;
            try {
                content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                continue; // the indexer skips non-UTF-8 files too
            }
            String rel = root.relativize(file).toString();
            List<Chunk> chunks = new ArrayList<>(chunker.chunk(rel, content));
            Collections.shuffle(chunks, random);
            for (Chunk c : chunks.subList(0, Math.min(4, chunks.size()))) {
                if (texts.size() < n) {
                    texts.add(EmbeddingText.of(rel, c));
                }
            }
        }
        return texts;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
