package dev.codebasemcp.indexing.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers that build real directory trees and run real commands for the scanner tests. */
final class ScanFixtures {

    private ScanFixtures() {}

    static Path write(Path root, String relativePath, String content) throws IOException {
        return writeBytes(root, relativePath, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path root, String relativePath, byte[] content) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Writes an empty file at each path. */
    static void touch(Path root, String... relativePaths) throws IOException {
        for (String path : relativePaths) {
            write(root, path, "x\n");
        }
    }

    static List<String> paths(ScanListing listing) {
        return listing.files().stream().map(FileEntry::path).toList();
    }

    static List<String> skippedPaths(ScanListing listing) {
        return listing.skipped().stream().map(SkippedFile::path).toList();
    }

    static SkippedFile skipped(ScanListing listing, String path) {
        return listing.skipped().stream().filter(s -> s.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not skipped; skipped: " + listing.skipped()));
    }

    /** Runs a command in a directory and returns its standard output; fails the test if it fails. */
    static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", Arrays.toString(command)).isTrue();
        assertThat(process.exitValue()).as("%s exit code; output: %s", Arrays.toString(command), output).isZero();
        return output;
    }

    /** The files git itself would add: untracked, not ignored, sorted; git's own answer for the oracle tests. */
    static List<String> gitVisibleFiles(Path repository) throws IOException, InterruptedException {
        String output = run(repository, "git", "-c", "core.excludesFile=/dev/null", "ls-files", "--others",
                "--exclude-standard", "-z");
        return Arrays.stream(output.split("\0")).filter(s -> !s.isEmpty()).sorted().toList();
    }

    static void gitInit(Path directory) throws IOException, InterruptedException {
        run(directory, "git", "init", "-q", ".");
    }

    /** Whether this process can read a file the OS says nobody may read (true when running as root). */
    static boolean canReadDespitePermissions(Path unreadableFile) {
        try {
            Files.readAllBytes(unreadableFile);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
