package dev.codebasemcp.indexing.scan;

import static dev.codebasemcp.indexing.scan.ScanFixtures.canReadDespitePermissions;
import static dev.codebasemcp.indexing.scan.ScanFixtures.paths;
import static dev.codebasemcp.indexing.scan.ScanFixtures.run;
import static dev.codebasemcp.indexing.scan.ScanFixtures.skipped;
import static dev.codebasemcp.indexing.scan.ScanFixtures.write;
import static dev.codebasemcp.indexing.scan.ScanFixtures.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RepositoryScannerReadTest {

    private final RepositoryScanner scanner = new RepositoryScanner(1024);

    @TempDir
    Path root;

    private FileEntry only(String path) throws Exception {
        return scanner.list(root).files().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not listed"));
    }

    private ScanItem listAndRead(String path) throws Exception {
        return scanner.read(only(path));
    }

    @Test
    void read_utf8File_returnsContentSizeMtimeAndSha256OfBytes() throws Exception {
        Path file = write(root, "src/abc.txt", "abc");
        ScanItem item = listAndRead("src/abc.txt");

        assertThat(item).isInstanceOf(SourceFile.class);
        SourceFile source = (SourceFile) item;
        assertThat(source.path()).isEqualTo("src/abc.txt");
        assertThat(source.content()).isEqualTo("abc");
        assertThat(source.size()).isEqualTo(3);
        assertThat(source.mtimeMillis()).isEqualTo(Files.getLastModifiedTime(file).toMillis());
        assertThat(source.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void read_multiByteText_decodesEveryCharacter() throws Exception {
        String text = "héllo ✓ 😀 日本\n";
        write(root, "u.txt", text);

        assertThat(((SourceFile) listAndRead("u.txt")).content()).isEqualTo(text);
    }

    @Test
    void read_utf8Bom_isStrippedFromContentButCountedInSizeAndHash() throws Exception {
        writeBytes(root, "bom.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', 'b', 'c'});

        SourceFile source = (SourceFile) listAndRead("bom.txt");

        assertThat(source.content()).isEqualTo("abc");
        assertThat(source.size()).isEqualTo(6);
        assertThat(source.sha256()).isNotEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void read_emptyFile_isEmptySource() throws Exception {
        writeBytes(root, "empty.txt", new byte[0]);

        assertThat(((SourceFile) listAndRead("empty.txt")).content()).isEmpty();
    }

    @Test
    void read_nulByteInFirst8KiB_isSkippedAsBinary() throws Exception {
        byte[] bytes = "text".repeat(100).getBytes(StandardCharsets.US_ASCII);
        bytes[300] = 0;
        writeBytes(root, "blob.dat", bytes);

        SkippedFile skipped = (SkippedFile) listAndRead("blob.dat");

        assertThat(skipped.reason()).isEqualTo(SkipReason.BINARY);
        assertThat(skipped.detail()).contains("300");
    }

    @Test
    void read_nulByteAfter8KiB_isNotSniffedAsBinary() throws Exception {
        byte[] bytes = "a".repeat(9000).getBytes(StandardCharsets.US_ASCII);
        bytes[8500] = 0;
        writeBytes(root, "late-nul.txt", bytes);

        RepositoryScanner large = new RepositoryScanner(100_000);
        ScanItem item = large.read(large.list(root).files().getFirst());

        assertThat(item).isInstanceOf(SourceFile.class);
    }

    @Test
    void read_invalidUtf8_isSkippedAsNotUtf8WithOffset() throws Exception {
        writeBytes(root, "latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});

        SkippedFile skipped = (SkippedFile) listAndRead("latin1.txt");

        assertThat(skipped.reason()).isEqualTo(SkipReason.NOT_UTF8);
        assertThat(skipped.detail()).contains("offset 3");
    }

    @Test
    void read_genuineReplacementCharacter_isValidUtf8() throws Exception {
        write(root, "fffd.txt", "before \uFFFD after");

        assertThat(((SourceFile) listAndRead("fffd.txt")).content()).isEqualTo("before \uFFFD after");
    }

    @Test
    void read_invalidUtf8AfterBomAndReplacementCharacter_reportsFileOffset() throws Exception {
        byte[] valid = "\uFEFFa\uFFFD".getBytes(StandardCharsets.UTF_8); // 3 + 1 + 3 bytes
        byte[] bytes = java.util.Arrays.copyOf(valid, valid.length + 1);
        bytes[valid.length] = (byte) 0xFF;
        writeBytes(root, "bad.txt", bytes);

        SkippedFile skipped = (SkippedFile) listAndRead("bad.txt");

        assertThat(skipped.reason()).isEqualTo(SkipReason.NOT_UTF8);
        assertThat(skipped.detail()).endsWith("offset 7");
    }

    @Test
    void read_truncatedMultiByteSequenceAtEnd_isNotUtf8() throws Exception {
        writeBytes(root, "cut.txt", new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x9C});

        assertThat(((SkippedFile) listAndRead("cut.txt")).reason()).isEqualTo(SkipReason.NOT_UTF8);
    }

    @Test
    void list_fileOverSizeLimit_isSkippedTooLargeAndFileAtLimitIsListed() throws Exception {
        write(root, "at-limit.txt", "x".repeat(1024));
        write(root, "over-limit.txt", "x".repeat(1025));

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("at-limit.txt");
        assertThat(skipped(listing, "over-limit.txt").reason()).isEqualTo(SkipReason.TOO_LARGE);
        assertThat(scanner.read(listing.files().getFirst())).isInstanceOf(SourceFile.class);
    }

    @Test
    void read_fileGrownPastLimitAfterListing_isTooLarge() throws Exception {
        Path file = write(root, "grows.txt", "small");
        FileEntry entry = only("grows.txt");
        Files.writeString(file, "x".repeat(2000));

        assertThat(((SkippedFile) scanner.read(entry)).reason()).isEqualTo(SkipReason.TOO_LARGE);
    }

    @Test
    void read_fileDeletedAfterListing_isVanished() throws Exception {
        Path file = write(root, "gone.txt", "soon gone");
        FileEntry entry = only("gone.txt");
        Files.delete(file);

        assertThat(((SkippedFile) scanner.read(entry)).reason()).isEqualTo(SkipReason.VANISHED);
    }

    @Test
    void read_fileWithoutReadPermission_isUnreadableUnlessTheProcessBypassesPermissions() throws Exception {
        Path file = write(root, "locked.txt", "secret");
        FileEntry entry = only("locked.txt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

        ScanItem item = scanner.read(entry);

        if (canReadDespitePermissions(file)) { // root: the OS lets us read it, so must the scanner
            assertThat(item).isInstanceOf(SourceFile.class);
            assertThat(((SourceFile) item).content()).isEqualTo("secret");
        } else {
            assertThat(((SkippedFile) item).reason()).isEqualTo(SkipReason.UNREADABLE);
        }
    }

    @Test
    void list_directoryWithoutPermissions_isUnreadableUnlessTheProcessBypassesPermissions() throws Exception {
        write(root, "locked/inner.txt", "secret");
        Path locked = root.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            ScanListing listing = scanner.list(root);

            if (canReadDespitePermissions(locked.resolve("inner.txt"))) {
                assertThat(paths(listing)).containsExactly("locked/inner.txt");
            } else {
                assertThat(skipped(listing, "locked").reason()).isEqualTo(SkipReason.UNREADABLE);
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void read_fileReplacedBySymlinkLoopAfterListing_isUnreadable() throws Exception {
        Path file = write(root, "loopy.txt", "text");
        FileEntry entry = only("loopy.txt");
        Files.delete(file);
        Files.createSymbolicLink(file, file.getFileName()); // points at itself: ELOOP, even for root

        SkippedFile skipped = (SkippedFile) scanner.read(entry);

        assertThat(skipped.reason()).isEqualTo(SkipReason.UNREADABLE);
        assertThat(skipped.detail()).isNotBlank();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void list_fifo_isSkippedAsNotRegularFileWithoutBlocking() throws Exception {
        write(root, "a.txt", "a");
        run(root, "mkfifo", "pipe");

        ScanListing listing = scanner.list(root);

        assertThat(paths(listing)).containsExactly("a.txt");
        assertThat(skipped(listing, "pipe").reason()).isEqualTo(SkipReason.NOT_REGULAR_FILE);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void read_fileReplacedByFifoAfterListing_isNotRegularFileWithoutBlocking() throws Exception {
        Path file = write(root, "pipe", "was a file");
        FileEntry entry = only("pipe");
        Files.delete(file);
        run(root, "mkfifo", "pipe");

        assertThat(((SkippedFile) scanner.read(entry)).reason()).isEqualTo(SkipReason.NOT_REGULAR_FILE);
    }

    @Test
    void read_fromManyThreads_givesTheSameResultsAsOneThread() throws Exception {
        for (int i = 0; i < 200; i++) {
            write(root, "f" + i + ".txt", "file " + i + " ".repeat(i));
        }
        List<FileEntry> entries = scanner.list(root).files();
        List<ScanItem> sequential = entries.stream().map(scanner::read).toList();

        List<ScanItem> parallel = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<ScanItem>> futures = entries.stream().map(e -> pool.submit(() -> scanner.read(e))).toList();
            for (Future<ScanItem> future : futures) {
                parallel.add(future.get());
            }
        }

        assertThat(parallel).hasSize(200).containsExactlyElementsOf(sequential);
    }

    @Test
    void read_entryWhosePathIsNotTheEndOfItsAbsolutePath_throws() throws Exception {
        FileEntry bad = new FileEntry(root.resolve("a/b.txt"), "c/b.txt", 1, 0);

        assertThatThrownBy(() -> scanner.read(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void list_relativeOrMissingRoot_throwsInvalidInput() {
        assertThatThrownBy(() -> scanner.list(Path.of("relative/repo")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> scanner.list(root.resolve("missing")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an existing directory");
    }

    @Test
    void list_entries_carryAbsolutePathSizeAndMtimeWithSlashSeparatedSortedPaths() throws Exception {
        Path deep = write(root, "b/c/d.txt", "dddd");
        write(root, "a.txt", "a");
        write(root, "b.txt", "bb");

        List<FileEntry> files = scanner.list(root).files();

        assertThat(files).extracting(FileEntry::path).containsExactly("a.txt", "b.txt", "b/c/d.txt");
        FileEntry last = files.get(2);
        assertThat(last.absolutePath()).isEqualTo(deep);
        assertThat(last.size()).isEqualTo(4);
        assertThat(last.mtimeMillis()).isEqualTo(Files.getLastModifiedTime(deep).toMillis());
    }
}
