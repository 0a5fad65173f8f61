package dev.codebasemcp.indexing.chunk;

import dev.codebasemcp.Chunk;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * Benchmark, not a test: chunks JDK sources on one thread and prints throughput (wall clock, and per second of the
 * thread's CPU time, which stays meaningful on a busy machine), chunk statistics and the process's resident memory
 * after each pass (flat memory across passes means trees and parsers are released).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.codebasemcp.indexing.chunk.ChunkerBench [sources: a directory or src.zip] [files=2500] [passes=3]
 * </pre>
 */
public final class ChunkerBench {
    private ChunkerBench() {
    }

    public static void main(String[] args) throws IOException {
        Path source = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("java.home"), "lib", "src.zip");
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 2_500;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String[]> files = load(source, limit);
        long bytes = files.stream().mapToLong(f -> f[1].length()).sum();
        System.out.printf("%d Java files, %.1f MB of text, from %s%n", files.size(), bytes / 1e6, source);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long parseStart = System.nanoTime();
        long parseCpuStart = threads.getCurrentThreadCpuTime();
        Grammar java = Grammars.forLanguage("java");
        try (TSParser parser = new TSParser()) {
            parser.setLanguage(java.language());
            for (String[] f : files) {
                byte[] utf8 = f[1].getBytes(StandardCharsets.UTF_8);
                try (TSTree tree = parser.parse(new byte[Math.max(1, Math.min(utf8.length, 1 << 16))], null,
                        (buf, offset, point) -> copy(utf8, buf, offset), TSInputEncoding.TSInputEncodingUTF8)) {
                    tree.getRootNode();
                }
            }
        }
        double parseSeconds = (System.nanoTime() - parseStart) / 1e9;
        double parseCpu = (threads.getCurrentThreadCpuTime() - parseCpuStart) / 1e9;
        System.out.printf("tree-sitter parse alone: %.0f files/s, %.2f MB/s (per CPU second: %.0f files, %.2f MB)%n",
                files.size() / parseSeconds, bytes / 1e6 / parseSeconds, files.size() / parseCpu,
                bytes / 1e6 / parseCpu);

        Chunker chunker = new Chunker();
        for (int pass = 1; pass <= passes; pass++) {
            List<Integer> lines = new ArrayList<>();
            List<Integer> chars = new ArrayList<>();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (String[] f : files) {
                for (Chunk c : chunker.chunk(f[0], f[1])) {
                    lines.add(c.lineCount());
                    chars.add(c.content().length());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.gc();
            System.out.printf("pass %d: %.0f files/s, %.2f MB/s (per CPU second: %.0f files, %.2f MB), %d chunks,"
                            + " lines mean %.1f p50 %d p90 %d max %d, chars mean %.0f p90 %d, RSS %d MB,"
                            + " heap used %d MB%n",
                    pass, files.size() / seconds, bytes / 1e6 / seconds, files.size() / cpu, bytes / 1e6 / cpu,
                    lines.size(),
                    mean(lines), percentile(lines, 50), percentile(lines, 90), percentile(lines, 100),
                    mean(chars), percentile(chars, 90), residentMegabytes(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    private static int copy(byte[] from, byte[] to, int offset) {
        int n = Math.min(to.length, from.length - offset);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(from, offset, to, 0, n);
        return n;
    }

    private static List<String[]> load(Path source, int limit) throws IOException {
        if (Files.isDirectory(source)) {
            return read(source, limit);
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + source.toUri()), Map.of())) {
            return read(zip.getPath("/"), limit);
        }
    }

    private static List<String[]> read(Path root, int limit) throws IOException {
        List<String[]> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(x -> x.toString().endsWith(".java")).sorted().limit(limit).toList()) {
                files.add(new String[] {p.toString(), Files.readString(p)});
            }
        }
        return files;
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static int percentile(List<Integer> values, int p) {
        int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static long residentMegabytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(Arrays.stream(l.split("\\s+")).skip(1).findFirst().orElse("0")) >> 10)
                .findFirst().orElse(-1);
    }
}
