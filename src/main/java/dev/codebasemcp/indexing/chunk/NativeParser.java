package dev.codebasemcp.indexing.chunk;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.treesitter.TSLanguage;

/**
 * The optimized tree-sitter parser: the same runtime as the Java binding's, compiled with -O2 (the binding ships it
 * unoptimized, with assertions), plus a JNI call that returns the whole tree as a {@link SyntaxTree} array. Built by
 * {@code scripts/build-native-parser.sh}; grammars stay the binding's (their {@code TSLanguage} pointers are handed
 * over). About 2.5 times faster parsing, which is most of the time to make a repository searchable by keywords.
 *
 * <p>Where it is looked for: {@code CODEBASE_MCP_NATIVE_PARSER} (a library path, or {@code off} to use the binding's
 * parser), else {@code libcodebase_mcp_treesitter.so} in {@code CODEBASE_MCP_NATIVE_DIR}, else in
 * {@code ~/.cache/codebase-mcp/native}. When it is absent or cannot be loaded, the binding's parser is used: same
 * trees, so the same chunks.
 */
final class NativeParser {
    private static final Logger log = LoggerFactory.getLogger(NativeParser.class);
    static final String LIBRARY = "libcodebase_mcp_treesitter.so";

    private static final Loaded LOADED = load(System.getenv("CODEBASE_MCP_NATIVE_PARSER"), System.getenv("CODEBASE_MCP_NATIVE_DIR"),
            System.getProperty("user.home"));

    record Loaded(NativeParser parser, String description) {}

    private final int minAbi;
    private final int maxAbi;
    private final Method languagePointer;

    private NativeParser(int minAbi, int maxAbi, Method languagePointer) {
        this.minAbi = minAbi;
        this.maxAbi = maxAbi;
        this.languagePointer = languagePointer;
    }

    /** The loaded parser, or empty when the binding's own parser is in use. */
    static Optional<NativeParser> get() {
        return Optional.ofNullable(LOADED.parser());
    }

    /** Which parser chunking uses and why, for {@code doctor} and the log. */
    static String description() {
        return LOADED.description();
    }

    static Loaded load(String setting, String dir, String home) {
        if (setting != null && setting.strip().toLowerCase(Locale.ROOT).equals("off")) {
            return new Loaded(null, "tree-sitter binding's parser (CODEBASE_MCP_NATIVE_PARSER=off)");
        }
        Path path;
        if (setting != null && !setting.isBlank()) {
            path = Path.of(setting.strip());
        } else if (dir != null && !dir.isBlank()) {
            path = Path.of(dir.strip(), LIBRARY);
        } else {
            path = Path.of(home == null ? "." : home, ".cache", "codebase-mcp", "native", LIBRARY);
        }
        String unoptimized = "tree-sitter binding's parser (unoptimized; scripts/build-native-parser.sh builds a faster one";
        if (!Files.isRegularFile(path)) {
            if (setting != null && !setting.isBlank()) {
                log.warn("CODEBASE_MCP_NATIVE_PARSER={} is not a file; using the tree-sitter binding's parser", setting);
            }
            return new Loaded(null, unoptimized + " at " + path + ")");
        }
        try {
            System.load(path.toAbsolutePath().toString());
            int[] abi = abiRange();
            Method pointer = TSLanguage.class.getDeclaredMethod("getPtr");
            pointer.setAccessible(true);
            NativeParser parser = new NativeParser(abi[0], abi[1], pointer);
            String description = "optimized tree-sitter (" + path + ", grammar ABI " + abi[0] + "-" + abi[1] + ")";
            log.info("Chunking with the {}", description);
            return new Loaded(parser, description);
        } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot use the optimized tree-sitter library {} ({}); using the binding's parser. Rebuild it with "
                    + "scripts/build-native-parser.sh --force", path, e.toString());
            return new Loaded(null, unoptimized + "; " + path + " failed to load: " + e + ")");
        }
    }

    /** Whether this runtime can run the grammar (its ABI version is within the runtime's range). */
    boolean supports(TSLanguage language) {
        int abi = language.abiVersion();
        return abi >= minAbi && abi <= maxAbi;
    }

    /** Parses UTF-8 source; null when tree-sitter gives no tree. */
    SyntaxTree parse(TSLanguage language, byte[] utf8, SyntaxTree.Names names) {
        long pointer;
        try {
            pointer = (long) languagePointer.invoke(language);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the grammar pointer of " + language.name(), e);
        }
        int[] nodes = parse(pointer, utf8);
        return nodes == null ? null : new SyntaxTree(nodes, names);
    }

    private static native int[] abiRange();

    private static native int[] parse(long language, byte[] utf8);
}
