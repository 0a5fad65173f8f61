package dev.codebasemcp.indexing.scan;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures {@link RepositoryScanner} on a large tree (not a test). Usage: {@code ScanBenchmark [root] [threads]},
 * default root {@code /tmp/jdksrc} (the JDK's lib/src.zip unzipped), default 1 reading thread. Prints figures.
 */
public final class ScanBenchmark {

    private ScanBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "/tmp/jdksrc").toAbsolutePath();
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        RepositoryScanner scanner = new RepositoryScanner(1024 * 1024);

        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            ScanListing listing = scanner.list(root);
            long t1 = System.nanoTime();
            List<FileEntry> files = listing.files();
            AtomicLong bytes = new AtomicLong();
            Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
            listing.skipped().forEach(s -> skipped.merge(s.reason(), 1, Integer::sum));
            int sources = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<ScanItem>> results = files.stream().map(f -> pool.submit(() -> scanner.read(f))).toList();
                for (Future<ScanItem> result : results) {
                    switch (result.get()) {
                        case SourceFile source -> {
                            sources++;
                            bytes.addAndGet(source.size());
                        }
                        case SkippedFile skip -> skipped.merge(skip.reason(), 1, Integer::sum);
                    }
                }
            }
            long t2 = System.nanoTime();
            double listSeconds = (t1 - t0) / 1e9;
            double readSeconds = (t2 - t1) / 1e9;
            System.out.printf("round %d: list %,d files in %.3f s (%,.0f files/s); read %,d sources, %.1f MB in %.3f s "
                            + "(%,.0f files/s, %.1f MB/s, %d thread(s)); list+read %,.0f files/s; skipped %s%n",
                    round, files.size(), listSeconds, files.size() / listSeconds, sources, bytes.get() / 1e6,
                    readSeconds, files.size() / readSeconds, bytes.get() / 1e6 / readSeconds, threads,
                    files.size() / (listSeconds + readSeconds), skipped);
        }
    }
}
