package dev.codebasemcp.indexing.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one listed file into a {@link SourceFile}, or says why not. Before opening, the file's real path is checked
 * to lie inside the repository's real path (the tree may have changed since it was listed), and the file is opened
 * without following a final symbolic link. Thread-safe; holds one file in memory per call.
 */
final class SourceFileReader {

    static final int SNIFF_BYTES = 8 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** Largest byte array the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final long maxFileSizeBytes;
    /** Repository root (as listed) to its real path. */
    private final Map<Path, Path> realRoots = new ConcurrentHashMap<>();

    SourceFileReader(long maxFileSizeBytes) {
        this.maxFileSizeBytes = maxFileSizeBytes;
    }

    void rememberRealRoot(Path root, Path realRoot) {
        realRoots.put(root, realRoot);
    }

    ScanItem read(FileEntry entry) {
        Path root = rootOf(entry);
        String path = entry.path();
        try {
            Path realRoot = realRoots.get(root);
            if (realRoot == null) {
                realRoot = root.toRealPath();
                realRoots.put(root, realRoot);
            }
            Path real = entry.absolutePath().toRealPath();
            if (!real.startsWith(realRoot)) {
                return new SkippedFile(path, SkipReason.SYMLINK_OUTSIDE_REPOSITORY, "resolves to " + real);
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return new SkippedFile(path, SkipReason.NOT_REGULAR_FILE, "no longer a regular file");
            }
            if (attributes.size() > maxFileSizeBytes) {
                return tooLarge(path, attributes.size());
            }
            byte[] bytes;
            int limit = (int) Math.min(maxFileSizeBytes + 1, MAX_ARRAY);
            try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(limit);
            }
            if (bytes.length > maxFileSizeBytes || bytes.length == limit) {
                return tooLarge(path, bytes.length);
            }
            return decode(path, bytes, attributes.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return new SkippedFile(path, SkipReason.VANISHED, "deleted after it was listed");
        } catch (AccessDeniedException e) {
            return new SkippedFile(path, SkipReason.UNREADABLE, "permission denied");
        } catch (IOException e) {
            return new SkippedFile(path, SkipReason.UNREADABLE, e.toString());
        }
    }

    private SkippedFile tooLarge(String path, long size) {
        return new SkippedFile(path, SkipReason.TOO_LARGE, size + " bytes, limit " + maxFileSizeBytes);
    }

    private static ScanItem decode(String path, byte[] bytes, long mtimeMillis) {
        int sniff = Math.min(bytes.length, SNIFF_BYTES);
        for (int i = 0; i < sniff; i++) {
            if (bytes[i] == 0) {
                return new SkippedFile(path, SkipReason.BINARY, "NUL byte at offset " + i);
            }
        }
        int start = hasBom(bytes) ? UTF8_BOM.length : 0;
        // The lenient decoder is much faster and replaces malformed input with U+FFFD; only when U+FFFD shows up
        // (malformed, or a genuine U+FFFD in the file) does the strict decoder decide.
        String content = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        if (content.indexOf('\uFFFD') >= 0) {
            long malformedAt = firstMalformedOffset(bytes, start);
            if (malformedAt >= 0) {
                return new SkippedFile(path, SkipReason.NOT_UTF8, "invalid UTF-8 at byte offset " + malformedAt);
            }
        }
        return new SourceFile(path, bytes.length, mtimeMillis, content, sha256(bytes));
    }

    /** Byte offset of the first malformed UTF-8 sequence, or -1 if the bytes from {@code start} are valid. */
    private static long firstMalformedOffset(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start); // UTF-8 never yields more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        return result.isError() ? in.position() : -1;
    }

    private static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The repository root: the entry's absolute path without its repo-relative path. */
    private static Path rootOf(FileEntry entry) {
        Path absolute = entry.absolutePath();
        Path relative = absolute.getFileSystem().getPath(entry.path());
        int depth = absolute.getNameCount() - relative.getNameCount();
        if (!absolute.isAbsolute() || depth < 0 || !absolute.endsWith(relative) || relative.isAbsolute()) {
            throw new IllegalArgumentException("FileEntry path '" + entry.path()
                    + "' is not the end of its absolute path '" + absolute + "'");
        }
        return depth == 0 ? absolute.getRoot() : absolute.getRoot().resolve(absolute.subpath(0, depth));
    }
}
