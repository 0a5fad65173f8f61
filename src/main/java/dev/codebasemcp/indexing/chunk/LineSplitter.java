package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a line range into parts that fit the limits, only between lines, at the cheapest boundaries.
 *
 * <p>{@code cost[i]} prices a cut between line {@code from + i} and the next one: the syntax chunker uses the
 * depth of the deepest node spanning the boundary (cutting between statements of a body is cheap, cutting inside
 * an expression or a string is dear); the text chunker uses blank lines and indentation. The parts minimise, by
 * dynamic programming, the sum of their cut costs plus a fixed price per part (fewer parts are better, worth
 * about three levels of nesting), a large surcharge for parts under a quarter of the limits (crumbs), and a small
 * quadratic size term that makes equally good cuts come out balanced. Leading and trailing blank lines of parts
 * are dropped.
 */
final class LineSplitter {
    /** Cost of a boundary inside a multi-line token (comment, string) or between a doc comment and its code. */
    static final int UNSPLITTABLE = 1_000;

    private static final double PART = 12;
    private static final double CRUMB = 30;
    private static final double BALANCE = 8;

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
        int end = src.lastNonBlank(from, to);
        List<int[]> parts = new ArrayList<>();
        if (end < 0) {
            return parts;
        }
        int n = end - from + 2;
        double[] best = new double[n];
        int[] cut = new int[n];
        for (int i = end; i >= from; i--) {
            int s = src.firstNonBlank(i, end);
            if (s != i) {
                best[i - from] = best[s - from];
                cut[i - from] = -1;
                continue;
            }
            if (fits(s, end)) {
                best[i - from] = partCost(s, end);
                cut[i - from] = end;
                continue;
            }
            double min = Double.MAX_VALUE;
            int arg = s;
            for (int c = s; c < end && (c == s || fits(s, c)); c++) {
                if (src.isBlank(c)) {
                    continue;
                }
                double total = partCost(s, c) + cost[c - from] + best[c + 1 - from];
                if (total < min) {
                    min = total;
                    arg = c;
                }
            }
            best[i - from] = min;
            cut[i - from] = arg;
        }
        int i = src.firstNonBlank(from, end);
        while (i >= 0 && i <= end) {
            int c = cut[i - from];
            parts.add(new int[] {i, c});
            i = c >= end ? -1 : src.firstNonBlank(c + 1, end);
        }
        return parts;
    }

    private double partCost(int s, int e) {
        double size = Math.max((e - s + 1) / (double) maxLines, src.chars(s, e) / (double) maxChars);
        return PART + (size < 0.25 ? CRUMB : 0) + BALANCE * size * size;
    }
}
