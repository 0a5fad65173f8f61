package dev.codebasemcp.indexing.scan;

import dev.codebasemcp.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the files of a repository worth indexing and reads them one at a time.
 *
 * <p>{@link #list} walks the tree and applies, in this order: built-in ignores (VCS and tool directories, dependency
 * and build output, lock files, minified bundles, binary extensions; these cannot be re-included), then
 * gitignore-syntax rules matched by JGit, from every {@code .gitignore} and {@code .codebase-mcpignore} between the
 * root and the entry (the deeper file wins; within a directory {@code .codebase-mcpignore} wins over
 * {@code .gitignore}) and finally the root's {@code .git/info/exclude}. No git installation or repository is needed.
 * Ignored entries are not reported. Entries that pass the rules but cannot be indexed are reported as
 * {@link SkippedFile}s with a {@link SkipReason}. Symbolic links are never followed (see {@link DirectoryWalk}).
 *
 * <p>{@link #read} reads one listed file and never reads anything outside the repository's real path. Instances are
 * immutable and thread-safe.
 */
public final class RepositoryScanner {

    private final long maxFileSizeBytes;
    private final SourceFileReader reader;

    /** @param maxFileSizeBytes files larger than this are skipped as {@link SkipReason#TOO_LARGE}; must be positive */
    public RepositoryScanner(long maxFileSizeBytes) {
        if (maxFileSizeBytes <= 0) {
            throw new IllegalArgumentException("maxFileSizeBytes must be positive, got " + maxFileSizeBytes);
        }
        this.maxFileSizeBytes = maxFileSizeBytes;
        this.reader = new SourceFileReader(maxFileSizeBytes);
    }

    /**
     * Walks root (absolute, existing directory), applying ignore rules; files sorted by repo-relative path.
     * Holds only {@link FileEntry} records, never file contents.
     *
     * @throws InvalidInputException if root is not an absolute path to an existing directory
     * @throws IOException if the root itself cannot be read
     */
    public ScanListing list(Path root) throws IOException {
        if (!root.isAbsolute()) {
            throw new InvalidInputException("Repository path must be absolute: '" + root + "'. Pass an absolute path.");
        }
        Path normalized = root.normalize();
        if (!Files.isDirectory(normalized)) {
            throw new InvalidInputException("Repository path is not an existing directory: '" + root
                    + "'. Pass the path of a directory that exists.");
        }
        Path realRoot = normalized.toRealPath();
        reader.rememberRealRoot(normalized, realRoot);
        return new DirectoryWalk(normalized, realRoot, maxFileSizeBytes).run();
    }

    /**
     * Reads one listed file: SourceFile (UTF-8 text, sha256 of bytes) or SkippedFile with reason. Never throws for
     * per-file problems. Thread-safe.
     *
     * @throws IllegalArgumentException if the entry's absolute path does not end with its relative path
     */
    public ScanItem read(FileEntry entry) {
        return reader.read(entry);
    }
}
