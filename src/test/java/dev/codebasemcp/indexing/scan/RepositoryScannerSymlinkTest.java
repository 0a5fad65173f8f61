package dev.codebasemcp.indexing.scan;

import static dev.codebasemcp.indexing.scan.ScanFixtures.paths;
import static dev.codebasemcp.indexing.scan.ScanFixtures.skipped;
import static dev.codebasemcp.indexing.scan.ScanFixtures.skippedPaths;
import static dev.codebasemcp.indexing.scan.ScanFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RepositoryScannerSymlinkTest {

    private final RepositoryScanner scanner = new RepositoryScanner(1024 * 1024);

    @TempDir
    Path workspace;

    private Path root;
    private Path outside;

    @BeforeEach
    void createRepositoryAndOutsideDirectory() throws Exception {
        root = Files.createDirectory(workspace.resolve("repo"));
        outside = Files.createDirectory(workspace.resolve("outside"));
        write(outside, "secret.txt", "outside secret");
        write(outside, "dir/leak.txt", "outside leak");
        write(root, "src/Main.java", "class Main {}");
    }

    @Test
    void list_symlinkToOutsideFile_isSkippedWithReasonAndNeverListed() throws Exception {
        Files.createSymbolicLink(root.resolve("src/secret.txt"), outside.resolve("secret.txt"));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("src/Main.java");
        SkippedFile skipped = skipped(listing, "src/secret.txt");
        assertThat(skipped.reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
    }

    @Test
    void list_relativeSymlinkToOutsideDirectory_isSkippedWithReasonAndNotWalked() throws Exception {
        Files.createSymbolicLink(root.resolve("linked"), Paths.get("../outside/dir"));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("src/Main.java");
        assertThat(skipped(listing, "linked").reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
        assertThat(skippedPaths(listing)).containsExactly("linked");
    }

    @Test
    void list_ignoredSymlinkToOutside_isNotReported() throws Exception {
        Files.createSymbolicLink(root.resolve("node_modules"), outside.resolve("dir")); // pnpm-style store link
        Files.createSymbolicLink(root.resolve("cache-link"), outside.resolve("dir"));
        write(root, ".gitignore", "cache-link/\n");

        ScanListing listing = scanner.list(root);

        assertThat(listing.skipped()).isEmpty();
        assertThat(paths(listing)).containsExactly(".gitignore", "src/Main.java");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void list_symlinkLoops_terminateWithoutDuplicates() throws Exception {
        Files.createSymbolicLink(root.resolve("src/self"), Paths.get("."));
        Files.createSymbolicLink(root.resolve("src/up"), Paths.get(".."));
        Files.createSymbolicLink(root.resolve("a"), Paths.get("b"));
        Files.createSymbolicLink(root.resolve("b"), Paths.get("a"));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("src/Main.java");
        assertThat(listing.skipped()).extracting(SkippedFile::path, SkippedFile::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", SkipReason.UNREADABLE),
                org.assertj.core.groups.Tuple.tuple("b", SkipReason.UNREADABLE));
    }

    @Test
    void list_symlinksInsideRepository_areNotFollowedSoContentIsListedOnceUnderItsRealPath() throws Exception {
        Files.createSymbolicLink(root.resolve("Alias.java"), Paths.get("src/Main.java"));
        Files.createSymbolicLink(root.resolve("source"), Paths.get("src"));
        write(root, ".gitignore", "generated/\n");
        write(root, "generated/Gen.java", "class Gen {}");
        Files.createSymbolicLink(root.resolve("gen"), Paths.get("generated"));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly(".gitignore", "src/Main.java");
        assertThat(listing.skipped()).isEmpty();
    }

    @Test
    void list_danglingSymlink_isSkippedAsUnreadable() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling.txt"), Paths.get("does-not-exist.txt"));

        assertThat(skipped(scanner.list(root), "dangling.txt").reason()).isEqualTo(SkipReason.UNREADABLE);
    }

    @Test
    void list_gitignoreSymlinkedToOutside_isNeitherReadNorFollowed() throws Exception {
        write(outside, "rules", "*.java\n");
        Files.createSymbolicLink(root.resolve(".gitignore"), outside.resolve("rules"));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("src/Main.java");
        assertThat(skipped(listing, ".gitignore").reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
    }

    @Test
    void list_gitignoreSymlinkedInsideRepository_isApplied() throws Exception {
        write(root, "shared/ignore-rules", "*.java\n");
        Files.createSymbolicLink(root.resolve("src/.gitignore"), Paths.get("../shared/ignore-rules"));

        assertThat(paths(scanner.list(root))).containsExactly("shared/ignore-rules");
    }

    @Test
    void read_fileReplacedBySymlinkToOutsideAfterListing_isSkippedWithoutReadingIt() throws Exception {
        FileEntry entry = scanner.list(root).files().getFirst();
        Files.delete(entry.absolutePath());
        Files.createSymbolicLink(entry.absolutePath(), outside.resolve("secret.txt"));

        SkippedFile skipped = (SkippedFile) scanner.read(entry);

        assertThat(skipped.reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
    }

    @Test
    void read_parentDirectoryReplacedBySymlinkToOutsideAfterListing_isSkippedWithoutReadingIt() throws Exception {
        write(outside, "evil/Main.java", "stolen");
        FileEntry entry = scanner.list(root).files().getFirst();
        Files.delete(entry.absolutePath());
        Files.delete(root.resolve("src"));
        Files.createSymbolicLink(root.resolve("src"), outside.resolve("evil"));

        SkippedFile skipped = (SkippedFile) scanner.read(entry);

        assertThat(skipped.reason()).isEqualTo(SkipReason.SYMLINK_OUTSIDE_REPOSITORY);
    }

    @Test
    void listAndRead_rootReachedThroughSymlink_worksWithPathsUnderTheGivenRoot() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(workspace.resolve("repo-link"), root);

        ScanListing listing = scanner.list(linkedRoot);

        assertThat(paths(listing)).containsExactly("src/Main.java");
        FileEntry entry = listing.files().getFirst();
        assertThat(entry.absolutePath()).isEqualTo(linkedRoot.resolve("src/Main.java"));
        assertThat(((SourceFile) scanner.read(entry)).content()).isEqualTo("class Main {}");
        // a fresh scanner that never listed this root derives it from the entry
        assertThat(new RepositoryScanner(1024).read(entry)).isInstanceOf(SourceFile.class);
    }
}
