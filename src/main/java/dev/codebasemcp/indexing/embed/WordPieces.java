package dev.codebasemcp.indexing.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lowercase word pieces for {@link HashingEmbedder}: runs of letters and digits, cut further at
 * camelCase humps ({@code parseHttpURLConnection} -> parse, http, url, connection) and letter/digit boundaries.
 * A run that was cut also yields itself whole ({@code parsehttpurlconnection}), so exact identifiers still match.
 */
final class WordPieces {

    private WordPieces() {}

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                addRun(text, start, i, pieces);
            }
        }
        return pieces;
    }

    private static void addRun(String text, int start, int end, List<String> pieces) {
        int before = pieces.size();
        int pieceStart = start;
        for (int k = start + 1; k < end; k++) {
            if (isBoundary(text, k, end)) {
                pieces.add(text.substring(pieceStart, k).toLowerCase(Locale.ROOT));
                pieceStart = k;
            }
        }
        pieces.add(text.substring(pieceStart, end).toLowerCase(Locale.ROOT));
        if (pieces.size() - before > 1) {
            pieces.add(text.substring(start, end).toLowerCase(Locale.ROOT));
        }
    }

    /** Whether a new piece starts at {@code k} (within one alphanumeric run ending at {@code end}). */
    private static boolean isBoundary(String text, int k, int end) {
        char prev = text.charAt(k - 1);
        char cur = text.charAt(k);
        if (Character.isDigit(prev) != Character.isDigit(cur)) {
            return true;
        }
        if (Character.isLowerCase(prev) && Character.isUpperCase(cur)) {
            return true;
        }
        // End of an acronym: "URLConnection" splits before the "C" that starts a lowercase word.
        return Character.isUpperCase(prev) && Character.isUpperCase(cur)
                && k + 1 < end && Character.isLowerCase(text.charAt(k + 1));
    }
}
