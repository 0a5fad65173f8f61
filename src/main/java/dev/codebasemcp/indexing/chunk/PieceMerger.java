package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges small neighbouring pieces. A piece under {@code minChars} joins its predecessor (or, when a small
 * successor suits it better, that successor) as long as the union stays within three quarters of the limits, so
 * merged groups stay inside what the embedding model reads. A crumb under a quarter of {@code minChars} (a closing
 * brace, an {@code #endif}) joins a neighbour whenever the hard limits allow. Two pieces of normal size are never
 * merged.
 *
 * <p>Naming: a group with one definition takes its kind and symbol; with several, kind {@code block} and the
 * symbols joined by {@code ", "}; with none, the kind and symbol of where its code sits.
 */
final class PieceMerger {
    private final SourceText src;
    private final int maxLines;
    private final int maxChars;
    private final int minChars;

    PieceMerger(SourceText src, int maxLines, int maxChars, int minChars) {
        this.src = src;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        this.minChars = minChars;
    }

    List<Piece> merge(List<Piece> pieces) {
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Group p = new Group(pieces.get(i));
            Piece next = i + 1 < pieces.size() ? pieces.get(i + 1) : null;
            Group q = groups.isEmpty() ? null : groups.getLast();
            if (q != null && joins(q, p, next)) {
                q.add(p);
            } else {
                groups.add(p);
            }
        }
        List<Piece> result = new ArrayList<>(groups.size());
        for (Group g : groups) {
            result.add(g.toPiece());
        }
        return result;
    }

    private boolean joins(Group q, Group p, Piece next) {
        int qSize = src.chars(q.start, q.end);
        int pSize = src.chars(p.start, p.end);
        if (crumb(qSize) || crumb(pSize)) {
            return within(q.start, p.end, maxLines, maxChars);
        }
        boolean qSmall = qSize < minChars;
        boolean pSmall = pSize < minChars;
        if (!qSmall && !pSmall || !withinMergeLimits(q.start, p.end)) {
            return false;
        }
        boolean pairsWithNext = !qSmall && next != null
                && src.chars(next.start(), next.end()) < minChars
                && withinMergeLimits(p.start, next.end());
        return !pairsWithNext;
    }

    private boolean crumb(int chars) {
        return chars * 4 < minChars;
    }

    private boolean withinMergeLimits(int from, int to) {
        return within(from, to, maxLines * 3 / 4, maxChars * 3 / 4);
    }

    private boolean within(int from, int to, int lines, int chars) {
        return to - from + 1 <= lines && src.chars(from, to) <= chars;
    }

    private static final class Group {
        final int start;
        int end;
        final Set<Label> definitions = new LinkedHashSet<>();
        Label code;

        Group(Piece p) {
            start = p.start();
            end = p.end();
            label(p);
        }

        void add(Group other) {
            end = other.end;
            definitions.addAll(other.definitions);
            if (code == null) {
                code = other.code;
            }
        }

        private void label(Piece p) {
            if (p.definition()) {
                definitions.add(new Label(p.kind(), p.symbol()));
            } else {
                code = new Label(p.kind(), p.symbol());
            }
        }

        Piece toPiece() {
            if (definitions.size() == 1) {
                Label only = definitions.iterator().next();
                return new Piece(start, end, true, only.kind, only.symbol);
            }
            if (definitions.isEmpty()) {
                return new Piece(start, end, false, code.kind, code.symbol);
            }
            Set<String> symbols = new LinkedHashSet<>();
            for (Label l : definitions) {
                if (l.symbol != null) {
                    symbols.add(l.symbol);
                }
            }
            return new Piece(start, end, true, "block", symbols.isEmpty() ? null : String.join(", ", symbols));
        }
    }

    private record Label(String kind, String symbol) {
    }
}
