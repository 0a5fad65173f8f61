package dev.codebasemcp.indexing.scan;

import java.util.Locale;
import java.util.Set;

/**
 * Names the scanner always ignores, whatever the repository's ignore files say: VCS and tool metadata, dependency
 * and build output directories, lock files, minified bundles and files whose extension says they are binary.
 * Ignored entries are dropped silently (they are not "skipped"). These are exact-name and suffix look-ups, not globs;
 * glob matching is left to JGit's ignore rules.
 */
final class BuiltInIgnores {

    private static final Set<String> DIRECTORY_NAMES = Set.of(
            ".git", ".hg", ".svn", "node_modules", "target", "build", "dist", "out", ".venv", "venv", "__pycache__",
            ".mypy_cache", ".pytest_cache", ".tox", ".gradle", ".idea", ".vscode", ".next", ".nuxt", "coverage",
            ".cache", "bower_components", ".terraform", ".codebase-mcp");

    /** {@code .git} is a file in git worktrees and submodules ("gitdir: ..."). */
    private static final Set<String> FILE_NAMES = Set.of(
            ".git", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "poetry.lock", "Gemfile.lock",
            "composer.lock", "go.sum", ".DS_Store", "Thumbs.db");

    /** Compared lowercase against everything after the last dot. */
    private static final Set<String> BINARY_EXTENSIONS = Set.of(
            // images
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif",
            // archives and packages
            "zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "zst", "lz4", "jar", "war", "ear", "aar", "apk",
            "whl", "deb", "rpm", "dmg", "iso",
            // compiled code and native libraries
            "class", "so", "dll", "exe", "dylib", "o", "a", "obj", "lib", "wasm", "pyc", "pyo",
            // documents and fonts
            "pdf", "ttf", "otf", "woff", "woff2", "eot",
            // media
            "mp3", "mp4", "wav", "ogg", "flac", "avi", "mov", "mkv", "webm", "m4a", "aac",
            // models and data
            "onnx", "bin", "pt", "pth", "npy", "npz", "pkl", "h5", "parquet", "sqlite", "sqlite3", "db");

    /** Compared lowercase against the end of the name. */
    private static final String[] BUNDLE_SUFFIXES = {".min.js", ".min.css", ".bundle.js", ".map"};

    private BuiltInIgnores() {}

    /**
     * Whether a directory is ignored.
     *
     * @param name the directory's own name
     * @param relativePath its repo-relative, '/'-separated path
     */
    static boolean isIgnoredDirectory(String name, String relativePath) {
        if (DIRECTORY_NAMES.contains(name)) {
            return true;
        }
        return name.equals("bundle") && (relativePath.equals("vendor/bundle") || relativePath.endsWith("/vendor/bundle"));
    }

    /** Whether a file (or anything that is not a directory) is ignored, by its own name. */
    static boolean isIgnoredFile(String name) {
        if (FILE_NAMES.contains(name)) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot > 0 && BINARY_EXTENSIONS.contains(lower.substring(dot + 1))) {
            return true;
        }
        for (String suffix : BUNDLE_SUFFIXES) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any directory segment of a repo-relative file path is a built-in ignored directory. */
    static boolean isInsideIgnoredDirectory(String relativeFilePath) {
        int start = 0;
        int slash;
        while ((slash = relativeFilePath.indexOf('/', start)) >= 0) {
            String prefix = relativeFilePath.substring(0, slash);
            if (isIgnoredDirectory(relativeFilePath.substring(start, slash), prefix)) {
                return true;
            }
            start = slash + 1;
        }
        return false;
    }
}
