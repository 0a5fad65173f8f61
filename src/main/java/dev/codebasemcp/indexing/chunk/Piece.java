package dev.codebasemcp.indexing.chunk;

/**
 * A line range cut from a file before small neighbours are merged (0-based, inclusive).
 *
 * @param definition whether the range is (part of) a definition, whose kind and symbol win when merged with
 *                   plain code; otherwise kind and symbol describe where the code sits (module, class body)
 * @param scope      the level the piece was cut from (file, body of one type): only pieces of one level merge,
 *                   except crumbs
 * @param header     the header of a type whose members follow as pieces of their own: it merges forward, and
 *                   belongs to the members' level
 * @param part       one of several parts of a definition too big for one chunk: only crumbs merge into it
 */
record Piece(int start, int end, boolean definition, String kind, String symbol, int scope, boolean header,
             boolean part) {
    Piece(int start, int end, boolean definition, String kind, String symbol) {
        this(start, end, definition, kind, symbol, 0, false, false);
    }

    Piece {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad piece range " + start + "-" + end);
        }
    }
}
