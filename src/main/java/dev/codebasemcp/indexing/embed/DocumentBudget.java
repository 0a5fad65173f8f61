package dev.codebasemcp.indexing.embed;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Chooses what of a long document the model reads when it does not fit the token budget. A document is a header
 * line ({@code path | kind symbol}, see {@code indexing.EmbeddingText}) followed by code. Plain head truncation
 * would already keep the header and the first lines, but a long leading doc comment (licence headers, big Javadoc)
 * could crowd out the signature and body. So: the header whole; then the leading comment, cut to half of the
 * remaining budget (or to what the code leaves, when the code is shorter); then the code lines (signature first)
 * until the budget is full, the last one cut mid-line.
 *
 * <p>Token counts add up line by line because BERT's pre-tokenizer splits on whitespace first, so encoding the lines
 * one by one gives exactly the ids of the whole text. Only the lines needed are encoded.
 */
final class DocumentBudget {

    private DocumentBudget() {}

    /**
     * @param maxTokens   the budget, {@code [CLS]} and {@code [SEP]} included
     * @param encodeLine  ids of one line without special tokens
     */
    static long[] fit(String text, int maxTokens, long cls, long sep, Function<String, long[]> encodeLine) {
        String[] lines = text.split("\n", -1);
        long[] out = new long[maxTokens];
        int n = 0;
        out[n++] = cls;
        int end = maxTokens - 1; // room for [SEP]
        n = append(out, n, end, encodeLine.apply(lines[0]));
        int room = end - n;
        int line = 1;
        Ids comment = new Ids(room);
        for (; line < lines.length && isComment(lines[line]); line++) {
            if (!comment.full()) {
                comment.add(encodeLine.apply(lines[line]));
            }
        }
        Ids code = new Ids(room);
        for (; line < lines.length && !code.full(); line++) {
            if (!lines[line].isBlank()) {
                code.add(encodeLine.apply(lines[line]));
            }
        }
        // The comment gets half the room, or more when the code needs less than the other half.
        int commentTake = Math.min(comment.size, Math.max(room / 2, room - code.size));
        n = append(out, n, n + commentTake, comment.ids);
        n = append(out, n, end, code.ids, code.size);
        out[n++] = sep;
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int append(long[] out, int n, int limit, long[] ids) {
        return append(out, n, limit, ids, ids.length);
    }

    private static int append(long[] out, int n, int limit, long[] ids, int length) {
        int take = Math.max(0, Math.min(length, limit - n));
        System.arraycopy(ids, 0, out, n, take);
        return n + take;
    }

    /** Ids collected up to a capacity; what does not fit is dropped. */
    private static final class Ids {
        final long[] ids;
        int size;

        Ids(int capacity) {
            ids = new long[capacity];
        }

        boolean full() {
            return size == ids.length;
        }

        void add(long[] more) {
            int take = Math.min(more.length, ids.length - size);
            System.arraycopy(more, 0, ids, size, take);
            size += take;
        }
    }

    /** A line of a comment or doc block, in the common comment syntaxes. */
    static boolean isComment(String line) {
        String t = line.stripLeading();
        return t.startsWith("/*") || t.startsWith("*") || t.startsWith("//") || t.startsWith("#")
                || t.startsWith("--") || t.startsWith("\"\"\"") || t.startsWith("'''") || t.startsWith("<!--")
                || t.startsWith(";;");
    }
}
