package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chunks text without a grammar: line windows of at most {@code windowLines} lines that end, where possible, at a
 * blank line, a statement end ({@code ;}) or before an unindented line; Markdown is first cut into sections at
 * headings (symbol = heading text), which are then windowed when too long and merged when small.
 */
final class TextChunker {
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");

    private final SourceText src;
    private final ChunkerOptions options;
    private final LineSplitter splitter;

    TextChunker(SourceText src, ChunkerOptions options) {
        this.src = src;
        this.options = options;
        this.splitter = new LineSplitter(src, options.windowLines(), options.maxChars());
    }

    List<Piece> windows() {
        return windows(0, src.lastLine(), false, "window", null, new boolean[src.lineCount()]);
    }

    List<Piece> markdown() {
        boolean[] inFence = new boolean[src.lineCount()];
        List<int[]> headings = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        String fence = null;
        int first = frontMatterEnd() + 1;
        for (int line = first; line < src.lineCount(); line++) {
            String text = src.line(line);
            Matcher f = FENCE.matcher(text);
            if (fence != null) {
                inFence[line] = true;
                if (f.find() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()) {
                    fence = null;
                }
                continue;
            }
            if (f.find()) {
                fence = f.group(1);
                inFence[line] = true;
                continue;
            }
            Matcher atx = ATX.matcher(text);
            if (atx.matches()) {
                headings.add(new int[] {line});
                titles.add(atx.group(2) == null ? "" : atx.group(2).strip());
            } else if (line > first && SETEXT.matcher(text).matches() && !src.isBlank(line - 1)
                    && !inFence[line - 1] && (headings.isEmpty() || headings.getLast()[0] < line - 1)
                    && src.indent(line - 1) < 4) {
                headings.add(new int[] {line - 1});
                titles.add(src.line(line - 1).strip());
            }
        }
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        String title = null;
        for (int i = 0; i <= headings.size(); i++) {
            int next = i < headings.size() ? headings.get(i)[0] : src.lineCount();
            if (next > start) {
                pieces.addAll(windows(start, next - 1, title != null, "section", title, inFence));
            }
            if (i < headings.size()) {
                start = next;
                title = titles.get(i).isEmpty() ? null : titles.get(i);
            }
        }
        return new PieceMerger(src, options.windowLines(), options.maxChars(), options.minChars()).merge(pieces);
    }

    /** Last line of a YAML front matter block opened by {@code ---} on the first line, or -1. */
    private int frontMatterEnd() {
        if (!src.line(0).strip().equals("---")) {
            return -1;
        }
        for (int line = 1; line < src.lineCount(); line++) {
            String s = src.line(line).strip();
            if (s.equals("---") || s.equals("...")) {
                return line;
            }
        }
        return -1;
    }

    private List<Piece> windows(int from, int to, boolean definition, String kind, String symbol, boolean[] fenced) {
        List<Piece> pieces = new ArrayList<>();
        if (src.firstNonBlank(from, to) < 0) {
            return pieces;
        }
        int[] cost = new int[Math.max(0, to - from)];
        for (int b = from; b < to; b++) {
            cost[b - from] = cost(b) + (fenced[b] && fenced[b + 1] ? 4 : 0);
        }
        for (int[] part : splitter.split(from, to, cost)) {
            pieces.add(new Piece(part[0], part[1], definition, kind, symbol));
        }
        return pieces;
    }

    /** Cost of cutting after {@code line}: free at blank lines, cheap after statements and before top-level lines. */
    private int cost(int line) {
        if (src.isBlank(line) || src.isBlank(line + 1)) {
            return 0;
        }
        String next = src.line(line + 1).strip();
        boolean closing = next.startsWith("}") || next.startsWith("]") || next.startsWith(")")
                || next.startsWith("</");
        if (src.line(line).strip().endsWith(";") || src.indent(line + 1) == 0 && !closing) {
            return 1;
        }
        return 2 + Math.min(src.indent(line + 1), 16) / 4;
    }
}
