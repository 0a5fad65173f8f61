package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a line range into parts that fit the limits, only between lines, at the cheapest boundaries.
 *
 * <p>{@code cost[i]} prices a cut between line {@code from + i} and the next one: the syntax chunker uses the
 * depth of the deepest node spanning the boundary (cutting between statements of a body is cheap, cutting inside
 * an expression or a string is dear); the text chunker uses blank lines and indentation. Each part takes the
 * cheapest boundary among those that keep it within the limits and not trivially small, and among equally cheap
 * ones the one nearest an even share of what remains, so parts come out balanced rather than "full + crumb".
 * Leading and trailing blank lines of parts are dropped.
 */
final class LineSplitter {
    /** Cost of a boundary inside a multi-line token (comment, string) or between a doc comment and its code. */
    static final int UNSPLITTABLE = 1_000;

    private final SourceText src;
    private final int maxLines;
    private final int maxChars;

    LineSplitter(SourceText src, int maxLines, int maxChars) {
        this.src = src;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    boolean fits(int from, int to) {
        return to - from + 1 <= maxLines && src.chars(from, to) <= maxChars;
    }

    /** Parts of {@code from..to} as {@code [start, end]} pairs, each non-blank at both ends. */
    List<int[]> split(int from, int to, int[] cost) {
        List<int[]> parts = new ArrayList<>();
        int s = src.firstNonBlank(from, to);
        int end = src.lastNonBlank(from, to);
        while (s >= 0 && s <= end) {
            if (fits(s, end)) {
                parts.add(new int[] {s, end});
                break;
            }
            int cut = chooseCut(s, end, from, cost);
            int partEnd = src.lastNonBlank(s, cut);
            parts.add(new int[] {s, partEnd});
            s = src.firstNonBlank(cut + 1, end);
        }
        return parts;
    }

    /** The last line of the next part starting at {@code s}. */
    private int chooseCut(int s, int end, int from, int[] cost) {
        int furthest = s;
        while (furthest + 1 < end && fits(s, furthest + 1)) {
            furthest++;
        }
        int lines = end - s + 1;
        int chars = src.chars(s, end);
        int pieces = Math.max(ceilDiv(lines, maxLines), ceilDiv(chars, maxChars));
        int target = Math.min(s + lines / pieces - 1, lineReaching(s, end, chars / pieces));
        int earliest = s;
        while (earliest < furthest && !substantial(s, earliest)) {
            earliest++;
        }
        int best = furthest;
        int bestCost = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        for (int b = earliest; b <= furthest; b++) {
            int c = cost[b - from];
            int distance = Math.abs(b - target);
            if (c < bestCost || (c == bestCost && distance < bestDistance)) {
                best = b;
                bestCost = c;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** A part is worth cutting off when it has a quarter of either limit. */
    private boolean substantial(int s, int e) {
        return (e - s + 1) * 4 >= maxLines || src.chars(s, e) * 4 >= maxChars;
    }

    private int lineReaching(int s, int end, int chars) {
        int line = s;
        while (line < end && src.chars(s, line) < chars) {
            line++;
        }
        return line;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
