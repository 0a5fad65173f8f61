package dev.codebasemcp.indexing.chunk;

/**
 * Size limits for chunking.
 *
 * @param maxLines    hard limit on the lines of a chunk (a single longer line is never cut)
 * @param maxChars    hard limit on the characters of a chunk, newlines included (same exception)
 * @param minChars    chunks below this size are merged with a neighbour when the result stays small enough
 * @param windowLines lines per window for text without a grammar (Markdown sections, YAML, SQL, ...)
 */
public record ChunkerOptions(int maxLines, int maxChars, int minChars, int windowLines) {
    public ChunkerOptions {
        if (maxLines < 4) {
            throw new IllegalArgumentException("maxLines must be at least 4, was " + maxLines);
        }
        if (maxChars < 80) {
            throw new IllegalArgumentException("maxChars must be at least 80, was " + maxChars);
        }
        if (minChars < 0 || minChars >= maxChars) {
            throw new IllegalArgumentException("minChars must be in [0, maxChars), was " + minChars);
        }
        if (windowLines < 4 || windowLines > maxLines) {
            throw new IllegalArgumentException("windowLines must be in [4, maxLines], was " + windowLines);
        }
    }

    /** 80 lines, 2,400 characters, merge below 250 characters, 40-line windows. */
    public static ChunkerOptions defaults() {
        return new ChunkerOptions(80, 2_400, 250, 40);
    }
}
