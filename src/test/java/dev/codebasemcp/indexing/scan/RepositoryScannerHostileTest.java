package dev.codebasemcp.indexing.scan;

import static dev.codebasemcp.indexing.scan.ScanFixtures.paths;
import static dev.codebasemcp.indexing.scan.ScanFixtures.run;
import static dev.codebasemcp.indexing.scan.ScanFixtures.skipped;
import static dev.codebasemcp.indexing.scan.ScanFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile trees: file names that are not valid UTF-8, and the tree changing while it is walked. The races are made
 * deterministic with the walk's hook, which runs just before each directory is listed.
 */
class RepositoryScannerHostileTest {

    private final RepositoryScanner scanner = new RepositoryScanner(1024 * 1024);

    @TempDir
    Path root;
    @TempDir
    Path outside;

    @Test
    void list_fileNameNotValidUtf8_isSkippedWithReason_andEveryOtherFileIsReadable() throws Exception {
        write(root, "ok/Fine.java", "class Fine {}\n");
        write(root, "ok/\u00fcn\u00efc\u00f6d\u00e9.py", "x = 1\n");
        run(root.resolve("ok"), "bash", "-c", "printf 'x = 1\\n' > $'caf\\xe9.py' && mkdir $'dir\\xff' && printf 'y\\n' > $'dir\\xff'/In.py");

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("ok/Fine.java", "ok/\u00fcn\u00efc\u00f6d\u00e9.py");
        assertThat(listing.skipped()).hasSize(2).allSatisfy(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.NOT_UTF8);
            assertThat(s.detail()).contains("file name");
        });
        assertThat(skipped(listing, "ok/caf\uFFFD.py").detail()).contains("rename it");
        for (FileEntry f : listing.files()) {
            assertThat(scanner.read(f)).isInstanceOf(SourceFile.class);
        }
    }

    @Test
    void list_directoryChainThousandsDeep_isWalkedOnASmallThreadStack() throws Exception {
        Path deep = root;
        int depth = (3_900 - root.toString().length()) / 2; // just inside PATH_MAX (4,096 bytes)
        for (int i = 0; i < depth; i++) {
            deep = deep.resolve("d");
        }
        write(deep, "Deep.java", "class Deep {}\n");
        write(root, "Top.java", "class Top {}\n");
        AtomicReference<Object> result = new AtomicReference<>();
        // Job workers may run on threads with small stacks; 256 KiB overflowed the recursive walk at about 1,000 levels.
        Thread t = new Thread(null, () -> {
            try {
                result.set(scanner.list(root));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack-scan", 256 * 1024);
        t.start();
        t.join();

        assertThat(result.get()).isInstanceOf(ScanListing.class);
        ScanListing listing = (ScanListing) result.get();
        assertThat(paths(listing)).hasSize(2).contains("Top.java").anySatisfy(p -> assertThat(p).endsWith("/d/Deep.java"));
        assertThat(listing.skipped()).isEmpty();
        // JUnit's clean-up resolves the real path of every directory: quadratic in the depth. rm is linear.
        run(root, "rm", "-rf", "d");
    }

    @Test
    void walk_directoryDeletedJustBeforeItIsListed_isLeftOutWithoutFailing() throws Exception {
        write(root, "a/A.java", "class A {}\n");
        write(root, "gone/G.java", "class G {}\n");
        write(root, "gone/deeper/D.java", "class D {}\n");

        ScanListing listing = walk(dir -> {
            if (dir.equals("gone")) {
                deleteTree(root.resolve("gone"));
            }
        });

        assertThat(paths(listing)).containsExactly("a/A.java");
        assertThat(listing.skipped()).isEmpty();
    }

    @Test
    void walk_directoryReplacedByFileJustBeforeItIsListed_isReportedNotFatal() throws Exception {
        write(root, "a/A.java", "class A {}\n");
        write(root, "flip/F.java", "class F {}\n");

        ScanListing listing = walk(dir -> {
            if (dir.equals("flip")) {
                deleteTree(root.resolve("flip"));
                write(root, "flip", "now a file\n");
            }
        });

        assertThat(paths(listing)).containsExactly("a/A.java");
        assertThat(skipped(listing, "flip").reason()).isEqualTo(SkipReason.VANISHED);
    }

    @Test
    void walk_directoryReplacedBySymlinkToOutsideJustBeforeItIsListed_isNeverListed() throws Exception {
        write(root, "a/A.java", "class A {}\n");
        write(root, "swap/S.java", "class S {}\n");
        write(outside, "Secret.java", "class Secret {}\n");
        write(outside, "nested/Deeper.java", "class Deeper {}\n");

        ScanListing listing = walk(dir -> {
            if (dir.equals("swap")) {
                deleteTree(root.resolve("swap"));
                Files.createSymbolicLink(root.resolve("swap"), outside);
            }
        });

        assertThat(paths(listing)).containsExactly("a/A.java");
        assertThat(skipped(listing, "swap").reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
        assertThat(listing.skipped()).extracting(SkippedFile::path).containsExactly("swap");
    }

    @Test
    void walk_filesCreatedAndDeletedDuringTheWalk_giveAConsistentListing() throws Exception {
        write(root, "Kept.java", "class Kept {}\n");
        write(root, "Deleted.java", "class Deleted {}\n");
        write(root, "b/B.java", "class B {}\n");

        ScanListing listing = walk(dir -> {
            if (dir.equals("b")) { // the root is listed already
                Files.delete(root.resolve("Deleted.java")); // listed: reading it later says vanished
                write(root, "Late.java", "class Late {}\n"); // not listed: the next run picks it up
                write(root, "b/New.java", "class New {}\n"); // b is not listed yet: found
            }
        });

        assertThat(paths(listing)).containsExactly("Deleted.java", "Kept.java", "b/B.java", "b/New.java");
        assertThat(scanner.read(listing.files().getFirst())).isInstanceOfSatisfying(SkippedFile.class,
                s -> assertThat(s.reason()).isEqualTo(SkipReason.VANISHED));
        assertThat(scanner.read(listing.files().getLast())).isInstanceOf(SourceFile.class);
    }

    /** A walk of {@link #root} that calls {@code beforeListing} with each directory's relative path (root: ""). */
    private ScanListing walk(ThrowingHook beforeListing) throws IOException {
        Path real = root.toRealPath();
        return new DirectoryWalk(root, real, 1024 * 1024, dir -> {
            try {
                beforeListing.accept(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).run();
    }

    interface ThrowingHook {
        void accept(String relativeDirectory) throws IOException;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
