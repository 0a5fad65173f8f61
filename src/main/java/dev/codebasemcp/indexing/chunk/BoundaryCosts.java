package dev.codebasemcp.indexing.chunk;


/**
 * Prices of cutting a line range between each line and the next, for {@link LineSplitter}: the deeper the syntax
 * spanning a boundary, the dearer (4 per level); inside a multi-line comment or string it is
 * {@link LineSplitter#UNSPLITTABLE}; right after the first line of a compound statement it is a level dearer than
 * its body (so a header stays with its body even where the body starts on the next line); a boundary away from
 * blank lines costs 1 more, and 2 more again directly below a comment (which documents what follows).
 */
final class BoundaryCosts {
    /**
     * Levels walked below the root: cuts that deep are last resorts anyway; boundaries below take the cost of their
     * deepest walked ancestor.
     */
    private static final int MAX_WALK = 10;

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

    void walk(SyntaxNode node, int level) {
        long rows = src.rows(node);
        walk(node, SourceText.startOf(rows), SourceText.endOf(rows), level);
    }

    private void walk(SyntaxNode node, int start, int end, int level) {
        if (end < from || start > to) {
            return;
        }
        if (end >= from && end < to && src.startsLikeComment(start) && grammar.isLeading(node)) {
            commentEnds[end - from] = true;
        }
        if (end <= start) {
            return;
        }
        boolean atomic = grammar.isAtomic(node);
        int cost = atomic ? LineSplitter.UNSPLITTABLE : level * 4;
        for (int b = Math.max(start, from); b <= Math.min(end - 1, to - 1); b++) {
            depth[b - from] = Math.max(depth[b - from], cost);
        }
        if (!atomic && start >= from && start < to) {
            // a compound statement's first line stays with its body, even where the body starts on the next
            // line (Python, Ruby) and so does not span the boundary
            depth[start - from] = Math.max(depth[start - from], cost + 6);
        }
        if (!atomic && level < MAX_WALK) {
            int count = node.getChildCount();
            for (int i = 0; i < count; i++) {
                SyntaxNode child = node.getChild(i);
                long rows = src.rows(child);
                if (SourceText.startOf(rows) > to) {
                    break;
                }
                walk(child, SourceText.startOf(rows), SourceText.endOf(rows), level + 1);
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
