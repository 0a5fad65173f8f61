package dev.codebasemcp.indexing.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The gitignore-syntax rules in force for one directory: a chain of layers, deepest first, each holding the rules of
 * one directory's {@code .gitignore} and {@code .codebase-mcpignore} (the latter read after, so it wins within the
 * directory), down to the repository's {@code .git/info/exclude} at the bottom. Matching is JGit's: the deepest layer
 * with a matching rule decides, and within a layer the last matching rule wins, so {@code !negation} re-includes.
 * Immutable; a child directory gets a new chain only when it has ignore files of its own.
 */
final class IgnoreRules {

    static final String GITIGNORE = ".gitignore";
    static final String SCANNER_IGNORE = ".codebase-mcpignore";

    static final IgnoreRules NONE = new IgnoreRules(null, "", new IgnoreNode());

    private final IgnoreRules parent;
    /** Repo-relative path of the directory the rules belong to; "" for the root. */
    private final String base;
    private final IgnoreNode node;

    private IgnoreRules(IgnoreRules parent, String base, IgnoreNode node) {
        this.parent = parent;
        this.base = base;
        this.node = node;
    }

    /**
     * Adds a layer for the directory at {@code base} holding the rules of {@code files} in order (later files win).
     * Returns this chain unchanged when the files hold no rules.
     */
    IgnoreRules withLayer(String base, List<Path> files) throws IOException {
        List<FastIgnoreRule> rules = new ArrayList<>();
        for (Path file : files) {
            IgnoreNode parsed = new IgnoreNode();
            try (InputStream in = Files.newInputStream(file)) {
                parsed.parse(file.toString(), in);
            }
            rules.addAll(parsed.getRules());
        }
        return rules.isEmpty() ? this : new IgnoreRules(this, base, new IgnoreNode(rules));
    }

    /**
     * Whether the entry at a repo-relative path is ignored.
     *
     * @param relativePath '/'-separated path below the repository root, inside this chain's directory
     * @param directory whether the entry is a directory (rules ending in '/' only match directories)
     */
    boolean isIgnored(String relativePath, boolean directory) {
        for (IgnoreRules layer = this; layer != null; layer = layer.parent) {
            String local = layer.base.isEmpty() ? relativePath : relativePath.substring(layer.base.length() + 1);
            Boolean ignored = layer.node.checkIgnored(local, directory);
            if (ignored != null) {
                return ignored;
            }
        }
        return false;
    }
}
