package dev.codebasemcp.indexing.chunk;

import org.treesitter.TSNode;

/**
 * Prices of cutting a line range between each line and the next, for {@link LineSplitter}: the deeper the syntax
 * spanning a boundary, the dearer (4 per level); inside a multi-line comment or string it is
 * {@link LineSplitter#UNSPLITTABLE}; right after the first line of a compound statement it is a level dearer than
 * its body (so a header stays with its body even where the body starts on the next line); a boundary away from
 * blank lines costs 1 more, and 2 more again directly below a comment (which documents what follows).
 */
final class BoundaryCosts {
    private static final int MAX_DEPTH = 40;

    private final Grammar grammar;
    private final SourceText src;

    private final int from;
    private final int to;
    private final int[] depth;
    private final boolean[] commentEnds;

    BoundaryCosts(Grammar grammar, SourceText src, int from, int to) {
        this.grammar = grammar;
        this.src = src;
        this.from = from;
        this.to = to;
        depth = new int[Math.max(0, to - from)];
        commentEnds = new boolean[depth.length];
    }

    void walk(TSNode node, int level) {
        int start = Nodes.startRow(node);
        int end = Nodes.endRow(node);
        if (end < from || start > to) {
            return;
        }
        String type = node.getType();
        if (grammar.isLeading(type) && end >= from && end < to) {
            commentEnds[end - from] = true;
        }
        if (end <= start) {
            return;
        }
        boolean atomic = grammar.isAtomic(type);
        int cost = atomic ? LineSplitter.UNSPLITTABLE : Math.min(level, MAX_DEPTH) * 4;
        for (int b = Math.max(start, from); b <= Math.min(end - 1, to - 1); b++) {
            depth[b - from] = Math.max(depth[b - from], cost);
        }
        if (!atomic && start >= from && start < to) {
            // a compound statement's first line stays with its body, even where the body starts on the next
            // line (Python, Ruby) and so does not span the boundary
            depth[start - from] = Math.max(depth[start - from], cost + 6);
        }
        if (!atomic && level < MAX_DEPTH) {
            for (Nodes.Child c : Nodes.children(node)) {
                walk(c.node(), level + 1);
            }
        }
    }

    void unsplittable(int a, int b) {
        for (int line = Math.max(a, from); line <= Math.min(b, to - 1); line++) {
            depth[line - from] = LineSplitter.UNSPLITTABLE;
        }
    }

    int[] finish() {
        for (int i = 0; i < depth.length; i++) {
            int line = from + i;
            boolean nearBlank = src.isBlank(line) || src.isBlank(line + 1);
            depth[i] += (nearBlank ? 0 : 1) + (commentEnds[i] && !nearBlank ? 2 : 0);
        }
        return depth;
    }
}
