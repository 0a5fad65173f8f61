package dev.codebasemcp.indexing.chunk;

import java.nio.charset.StandardCharsets;

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

    int lineLength(int line) {
        return ends[line] - starts[line];
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

    /** Text between two UTF-8 byte offsets. */
    String bytesText(int startByte, int endByte) {
        byte[] bytes = utf8();
        int from = Math.max(0, Math.min(startByte, bytes.length));
        int to = Math.max(from, Math.min(endByte, bytes.length));
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
