package dev.codebasemcp.indexing.chunk;

/**
 * A line range cut from a file before small neighbours are merged (0-based, inclusive).
 *
 * @param definition whether the range is (part of) a definition, whose kind and symbol win when merged with
 *                   plain code; otherwise kind and symbol describe where the code sits (module, class body)
 */
record Piece(int start, int end, boolean definition, String kind, String symbol) {
    Piece {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad piece range " + start + "-" + end);
        }
    }
}
