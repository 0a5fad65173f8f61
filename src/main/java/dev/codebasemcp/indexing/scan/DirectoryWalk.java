package dev.codebasemcp.indexing.scan;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of one repository (single use, single thread). Each directory is read once and each entry stat-ed once
 * without following links; a directory costs one more stat (was it swapped mid-walk?), symbolic links a few more.
 *
 * <p>Symbolic links are never followed. A link whose real target lies outside the repository's real path is reported
 * ({@link SkipReason#SYMLINK_OUTSIDE_REPOSITORY}). A link whose target lies inside is dropped silently: the walk
 * reaches every real file and directory of the repository under its real path, so following the link could only
 * index the same content twice or re-include content that the ignore rules exclude where it really lives. This also
 * makes link loops impossible.
 */
final class DirectoryWalk {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWalk.class);
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /**
     * One directory entry with its attributes read without following links ({@code failure} set if that failed).
     * {@code nameDecodes} is false when the name's bytes do not survive decoding to a String (not valid UTF-8, or not
     * valid in the JVM's file name encoding): such a path cannot be stored, shown or opened again by its name.
     */
    private record Entry(Path path, String name, String relativePath, BasicFileAttributes attributes, IOException failure,
                         boolean nameDecodes) {}

    /** A directory found but not listed yet, with the ignore rules of its parent. */
    private record Pending(Path directory, String relativePath, IgnoreRules rules, BasicFileAttributes seen) {}

    private final Path root;
    private final Path realRoot;
    private final long maxFileSizeBytes;
    private final List<FileEntry> files = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Called with a directory's relative path just before it is listed; tests use it to change the tree mid-walk. */
    private final Consumer<String> beforeListing;

    DirectoryWalk(Path root, Path realRoot, long maxFileSizeBytes) {
        this(root, realRoot, maxFileSizeBytes, relativePath -> { });
    }

    DirectoryWalk(Path root, Path realRoot, long maxFileSizeBytes, Consumer<String> beforeListing) {
        this.root = root;
        this.realRoot = realRoot;
        this.maxFileSizeBytes = maxFileSizeBytes;
        this.beforeListing = beforeListing;
    }

    ScanListing run() throws IOException {
        beforeListing.accept("");
        List<Entry> rootEntries = list(root, ""); // failing to list the root is fatal, not a skipped entry
        visit("", rootRules(), rootEntries);
        // A loop over pending directories, not recursion: a tree thousands of levels deep must not overflow the stack.
        for (Pending p; (p = pending.pollLast()) != null; ) {
            walkDirectory(p.directory(), p.relativePath(), p.rules(), p.seen());
        }
        files.sort(Comparator.comparing(FileEntry::path));
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new ScanListing(files, skipped);
    }

    /** The bottom layer, {@code .git/info/exclude}, read only from a real {@code .git} directory in the root. */
    private IgnoreRules rootRules() {
        Path info = root.resolve(".git").resolve("info");
        Path exclude = info.resolve("exclude");
        if (Files.isDirectory(info.getParent(), NO_FOLLOW) && Files.isDirectory(info, NO_FOLLOW)
                && Files.isRegularFile(exclude, NO_FOLLOW)) {
            try {
                return IgnoreRules.NONE.withLayer("", List.of(exclude));
            } catch (IOException e) {
                skipped.add(new SkippedFile(".git/info/exclude", SkipReason.UNREADABLE,
                        "its ignore rules were not applied: " + e));
            }
        }
        return IgnoreRules.NONE;
    }

    /** @param seen the directory's attributes when its parent was listed (it was a real directory inside the root) */
    private void walkDirectory(Path directory, String relativePath, IgnoreRules inherited, BasicFileAttributes seen) {
        beforeListing.accept(relativePath);
        List<Entry> entries;
        try {
            entries = list(directory, relativePath);
        } catch (NoSuchFileException e) {
            LOG.debug("Directory {} disappeared during the walk", relativePath);
            return;
        } catch (NotDirectoryException e) {
            skipped.add(new SkippedFile(relativePath, SkipReason.VANISHED,
                    "directory replaced by a file during the scan; the next index picks it up"));
            return;
        } catch (AccessDeniedException e) {
            skipped.add(new SkippedFile(relativePath, SkipReason.UNREADABLE, "directory not readable: permission denied"));
            return;
        } catch (IOException e) {
            skipped.add(new SkippedFile(relativePath, SkipReason.UNREADABLE, "directory not readable: " + e));
            return;
        }
        if (!listedInsideRoot(directory, relativePath, seen)) {
            return;
        }
        visit(relativePath, inherited, entries);
    }

    /**
     * Whether the directory just listed is still the one seen inside the repository: the walk opens directories by
     * path, which follows links, so a directory (or a parent) swapped for a link to elsewhere after its parent was
     * listed would otherwise list outside names. Same file key: yes; otherwise its real path decides.
     */
    private boolean listedInsideRoot(Path directory, String relativePath, BasicFileAttributes seen) {
        try {
            Object key = Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
            if (key != null && key.equals(seen.fileKey())) {
                return true;
            }
            Path real = directory.toRealPath();
            if (real.startsWith(realRoot)) {
                return true;
            }
            skipped.add(new SkippedFile(relativePath, SkipReason.SYMLINK_OUTSIDE_REPOSITORY,
                    "replaced during the scan by a link to " + real + "; not listed"));
        } catch (IOException e) {
            LOG.debug("Directory {} changed during the walk: {}", relativePath, e.toString());
        }
        return false;
    }

    private void visit(String relativePath, IgnoreRules inherited, List<Entry> entries) {
        IgnoreRules rules = withOwnIgnoreFiles(relativePath, inherited, entries);
        for (Entry entry : entries) {
            BasicFileAttributes attributes = entry.attributes();
            if (!entry.nameDecodes()) {
                boolean directory = attributes != null && attributes.isDirectory();
                if (!isIgnored(entry, rules, directory)) {
                    skipped.add(new SkippedFile(entry.relativePath(), SkipReason.NOT_UTF8, "the file name is not valid in the "
                            + "server's file name encoding (" + System.getProperty("sun.jnu.encoding") + "); rename it to "
                            + "index it" + (directory ? " and its contents" : "")));
                }
            } else if (attributes == null) {
                if (!isIgnored(entry, rules, false) && !isIgnored(entry, rules, true)) {
                    skipped.add(new SkippedFile(entry.relativePath(), SkipReason.UNREADABLE,
                            "cannot read attributes: " + entry.failure()));
                }
            } else if (attributes.isDirectory()) {
                if (!isIgnored(entry, rules, true)) {
                    pending.add(new Pending(entry.path(), entry.relativePath(), rules, attributes));
                }
            } else if (attributes.isSymbolicLink()) {
                visitLink(entry, rules);
            } else if (isIgnored(entry, rules, false)) {
                continue;
            } else if (!attributes.isRegularFile()) {
                skipped.add(new SkippedFile(entry.relativePath(), SkipReason.NOT_REGULAR_FILE, "fifo, socket or device"));
            } else if (attributes.size() > maxFileSizeBytes) {
                skipped.add(new SkippedFile(entry.relativePath(), SkipReason.TOO_LARGE,
                        attributes.size() + " bytes, limit " + maxFileSizeBytes));
            } else {
                files.add(new FileEntry(entry.path(), entry.relativePath(), attributes.size(),
                        attributes.lastModifiedTime().toMillis()));
            }
        }
    }

    private static boolean isIgnored(Entry entry, IgnoreRules rules, boolean directory) {
        boolean builtIn = directory
                ? BuiltInIgnores.isIgnoredDirectory(entry.name(), entry.relativePath())
                : BuiltInIgnores.isIgnoredFile(entry.name());
        return builtIn || rules.isIgnored(entry.relativePath(), directory);
    }

    /** Reports links that leave the repository or lead nowhere; never follows one (see the class comment). */
    private void visitLink(Entry link, IgnoreRules rules) {
        boolean directory = Files.isDirectory(link.path()); // the target's kind, so that "dir/" rules and built-ins apply
        if (isIgnored(link, rules, directory)) {
            return;
        }
        Path realTarget;
        try {
            realTarget = link.path().toRealPath();
        } catch (IOException e) {
            skipped.add(new SkippedFile(link.relativePath(), SkipReason.UNREADABLE, "broken symbolic link: " + e));
            return;
        }
        if (!realTarget.startsWith(realRoot)) {
            skipped.add(new SkippedFile(link.relativePath(), SkipReason.SYMLINK_OUTSIDE_REPOSITORY,
                    "points to " + realTarget));
        } else {
            LOG.debug("Not following {}: its target {} is inside the repository", link.relativePath(), realTarget);
        }
    }

    /** Adds the layer of this directory's own ignore files, if it has any. */
    private IgnoreRules withOwnIgnoreFiles(String relativePath, IgnoreRules inherited, List<Entry> entries) {
        List<Path> ignoreFiles = new ArrayList<>(2);
        for (String name : List.of(IgnoreRules.GITIGNORE, IgnoreRules.SCANNER_IGNORE)) {
            for (Entry entry : entries) {
                if (entry.name().equals(name) && isRegularFileInsideRoot(entry)) {
                    ignoreFiles.add(entry.path());
                }
            }
        }
        if (ignoreFiles.isEmpty()) {
            return inherited;
        }
        try {
            return inherited.withLayer(relativePath, ignoreFiles);
        } catch (IOException e) {
            String where = relativePath.isEmpty() ? "" : relativePath + "/";
            skipped.add(new SkippedFile(where + ignoreFiles.getFirst().getFileName(), SkipReason.UNREADABLE,
                    "the ignore rules of this directory were not applied: " + e));
            return inherited;
        }
    }

    private boolean isRegularFileInsideRoot(Entry entry) {
        if (entry.attributes() == null) {
            return false;
        }
        if (entry.attributes().isRegularFile()) {
            return true;
        }
        if (!entry.attributes().isSymbolicLink()) {
            return false;
        }
        try {
            Path real = entry.path().toRealPath();
            return real.startsWith(realRoot) && Files.isRegularFile(real, NO_FOLLOW);
        } catch (IOException e) {
            return false; // a broken link is reported when the entry itself is visited
        }
    }

    /** Lists a directory, reading each entry's attributes without following links. */
    private List<Entry> list(Path directory, String relativePath) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                String childPath = relativePath.isEmpty() ? name : relativePath + "/" + name;
                boolean decodes = child.getFileSystem().getPath(name).equals(child.getFileName());
                try {
                    entries.add(new Entry(child, name, childPath,
                            Files.readAttributes(child, BasicFileAttributes.class, NO_FOLLOW), null, decodes));
                } catch (NoSuchFileException e) {
                    LOG.debug("{} disappeared during the walk", childPath);
                } catch (IOException e) {
                    entries.add(new Entry(child, name, childPath, null, e, decodes)); // reported unless ignored
                }
            }
        }
        return entries;
    }
}
