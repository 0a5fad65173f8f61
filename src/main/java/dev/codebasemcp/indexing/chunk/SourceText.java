package dev.codebasemcp.indexing.chunk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A file's text seen as lines. Lines are split at {@code '\n'} only (as tree-sitter counts rows); a {@code '\r'}
 * before the newline is not part of the line, so CRLF files give clean chunk text. Line indexes are 0-based here.
 */
final class SourceText {
    private final String content;
    private final int[] starts;
    private final int[] ends;
    private final int[] charsBefore;
    private final boolean[] blank;
    private final boolean hasCarriageReturn;
    private byte[] utf8;
    private int[] lineStartBytes;

    SourceText(String content) {
        this.content = content;
        int count = 1;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                count++;
            }
        }
        if (content.endsWith("\n")) {
            count--;
        }
        starts = new int[count];
        ends = new int[count];
        blank = new boolean[count];
        charsBefore = new int[count + 1];
        boolean cr = false;
        int pos = 0;
        for (int line = 0; line < count; line++) {
            int nl = content.indexOf('\n', pos);
            int end = nl < 0 ? content.length() : nl;
            starts[line] = pos;
            if (end > pos && content.charAt(end - 1) == '\r') {
                end--;
                cr = true;
            }
            ends[line] = end;
            blank[line] = isBlank(content, pos, end);
            charsBefore[line + 1] = charsBefore[line] + (end - pos) + 1;
            pos = nl < 0 ? content.length() : nl + 1;
        }
        hasCarriageReturn = cr;
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    int lineCount() {
        return starts.length;
    }

    int lastLine() {
        return starts.length - 1;
    }

    boolean isBlank(int line) {
        return blank[line];
    }

    String line(int line) {
        return content.substring(starts[line], ends[line]);
    }

    /** Leading spaces of a line, a tab counting as 4. */
    int indent(int line) {
        int width = 0;
        for (int i = starts[line]; i < ends[line]; i++) {
            char c = content.charAt(i);
            if (c == ' ') {
                width++;
            } else if (c == '\t') {
                width += 4;
            } else {
                break;
            }
        }
        return width;
    }

    /** Number of space and tab characters a line starts with (also its UTF-8 byte count). */
    int leadingWhitespace(int line) {
        int i = starts[line];
        while (i < ends[line] && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
            i++;
        }
        return i - starts[line];
    }

    /** Characters of lines {@code from..to} joined with newlines. */
    int chars(int from, int to) {
        return charsBefore[to + 1] - charsBefore[from] - 1;
    }

    /** Exactly lines {@code from..to} joined with {@code "\n"}. */
    String text(int from, int to) {
        if (!hasCarriageReturn) {
            return content.substring(starts[from], ends[to]);
        }
        StringBuilder sb = new StringBuilder(chars(from, to));
        for (int line = from; line <= to; line++) {
            if (line > from) {
                sb.append('\n');
            }
            sb.append(content, starts[line], ends[line]);
        }
        return sb.toString();
    }

    /** First non-blank line in {@code from..to}, or -1. */
    int firstNonBlank(int from, int to) {
        for (int line = from; line <= to; line++) {
            if (!blank[line]) {
                return line;
            }
        }
        return -1;
    }

    /** Last non-blank line in {@code from..to}, or -1. */
    int lastNonBlank(int from, int to) {
        for (int line = to; line >= from; line--) {
            if (!blank[line]) {
                return line;
            }
        }
        return -1;
    }

    /** The file as UTF-8, the encoding tree-sitter byte offsets refer to. */
    byte[] utf8() {
        if (utf8 == null) {
            utf8 = content.getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }

    /**
     * The row of a node's first byte. Rows come from the node's byte offsets and a table of line starts, which
     * costs two cheap calls into tree-sitter instead of building point objects.
     */
    int startRow(SyntaxNode node) {
        return Math.min(rowOfByte(node.getStartByte()), lastLine());
    }

    /** Last row holding text of the node: a node ending at column 0 (after a newline it took) ends a row earlier. */
    int endRow(SyntaxNode node) {
        return endOf(rows(node));
    }

    /** Start and end row of a node, packed; read with {@link #startOf} and {@link #endOf}. */
    long rows(SyntaxNode node) {
        return rowsOfBytes(node.getStartByte(), node.getEndByte());
    }

    /** Whether a node starting at this byte of this row is the first thing on its line. */
    boolean startsLine(int startByte, int row) {
        return startByte - lineStartBytes()[row] == leadingWhitespace(row);
    }

    long rowsOfBytes(int start, int end) {
        int startRow = rowOfByte(start);
        int endRow = rowOfByte(end);
        if (endRow > startRow && lineStartBytes()[endRow] == end) {
            endRow--;
        }
        return ((long) Math.min(startRow, lastLine()) << 32) | Math.min(endRow, lastLine());
    }

    static int startOf(long rows) {
        return (int) (rows >>> 32);
    }

    static int endOf(long rows) {
        return (int) rows;
    }

    /** Whether the first non-blank character of a line could start a comment or attribute in some language. */
    boolean startsLikeComment(int line) {
        for (int i = starts[line]; i < ends[line]; i++) {
            char c = content.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '/' || c == '#' || c == '*' || c == '-' || c == '<' || c == '=';
            }
        }
        return false;
    }

    /**
     * Whether the node may end with something other than code: its last line, up to where the node ends, is blank
     * or starts like a comment. Only then is it worth walking the node's last children (each step costs calls into
     * tree-sitter); otherwise its last line ends in code.
     */
    boolean endsAfterCode(int end) {
        int[] starts = lineStartBytes();
        int row = rowOfByte(end);
        if (row > 0 && starts[row] == end) {
            row--;
        }
        byte[] bytes = utf8();
        int i = starts[row];
        while (i < end && i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        if (i >= end || i >= bytes.length) {
            return true;
        }
        byte c = bytes[i];
        return c == '/' || c == '#' || c == '*' || c == '-' || c == '<' || c == '=';
    }

    private int rowOfByte(int offset) {
        int[] starts = lineStartBytes();
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int[] lineStartBytes() {
        if (lineStartBytes == null) {
            byte[] bytes = utf8();
            int[] starts = new int[this.starts.length + 1];
            int count = 1;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    starts[count++] = i + 1;
                }
            }
            lineStartBytes = Arrays.copyOf(starts, count);
        }
        return lineStartBytes;
    }

    /** Text between two UTF-8 byte offsets. */
    String bytesText(int startByte, int endByte) {
        byte[] bytes = utf8();
        int from = Math.max(0, Math.min(startByte, bytes.length));
        int to = Math.max(from, Math.min(endByte, bytes.length));
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
