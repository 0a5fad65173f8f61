package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.CodeTokens;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lexical representation of text in PostgreSQL: {@link CodeTokens#terms} written as a {@code tsvector} literal,
 * so that the database holds exactly the terms the embedded store indexes (no text search parser or dictionary can
 * split, drop or change one). Each lexeme gets positions {@code 1..tf}: the positions carry the term frequency that
 * BM25 needs, not places in the text (nothing here uses phrase search).
 */
final class PostgresTerms {

    /** tsvector keeps at most 256 positions per lexeme; BM25 saturates long before that. */
    static final int MAX_TF = 255;

    /** The terms of one text: frequency per distinct term and the total number of terms (BM25's document length). */
    record Bag(Map<String, Integer> frequencies, int length) {

        static final Bag EMPTY = new Bag(Map.of(), 0);

        /** The tsvector literal, or null for an empty bag. */
        String literal() {
            if (frequencies.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder(frequencies.size() * 16);
            for (Map.Entry<String, Integer> e : frequencies.entrySet()) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                quote(sb, e.getKey());
                sb.append(':');
                int tf = Math.min(e.getValue(), MAX_TF);
                for (int p = 1; p <= tf; p++) {
                    if (p > 1) {
                        sb.append(',');
                    }
                    sb.append(p);
                }
            }
            return sb.toString();
        }
    }

    private PostgresTerms() {
    }

    static Bag bag(String text) {
        if (text == null || text.isEmpty()) {
            return Bag.EMPTY;
        }
        var terms = CodeTokens.terms(text);
        Map<String, Integer> tf = new HashMap<>(Math.max(16, terms.size()));
        for (String t : terms) {
            tf.merge(t, 1, Integer::sum);
        }
        return new Bag(tf, terms.size());
    }

    /** A tsquery matching any of the terms. */
    static String anyOf(Collection<String> terms) {
        return join(terms, " | ");
    }

    /** A tsquery matching all of the terms. */
    static String allOf(Collection<String> terms) {
        return join(terms, " & ");
    }

    private static String join(Collection<String> terms, String operator) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a tsquery needs at least one term");
        }
        StringBuilder sb = new StringBuilder();
        for (String t : terms) {
            if (!sb.isEmpty()) {
                sb.append(operator);
            }
            quote(sb, t);
        }
        return sb.toString();
    }

    /**
     * Term frequencies from the text form of a tsvector ({@code 'parse':1A,2A 'http':1A}): the number of positions
     * of each lexeme (1 when it has none).
     */
    static Map<String, Integer> frequencies(String tsvector) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (tsvector == null) {
            return out;
        }
        int i = 0;
        int n = tsvector.length();
        StringBuilder lexeme = new StringBuilder();
        while (i < n) {
            char c = tsvector.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            if (c != '\'') {
                throw new IllegalStateException("unexpected tsvector text at " + i + ": " + tsvector);
            }
            lexeme.setLength(0);
            i++;
            while (true) {
                if (i >= n) {
                    throw new IllegalStateException("unterminated lexeme in tsvector text: " + tsvector);
                }
                char d = tsvector.charAt(i);
                if (d == '\\' && i + 1 < n) {
                    lexeme.append(tsvector.charAt(i + 1));
                    i += 2;
                } else if (d == '\'') {
                    if (i + 1 < n && tsvector.charAt(i + 1) == '\'') {
                        lexeme.append('\'');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                } else {
                    lexeme.append(d);
                    i++;
                }
            }
            int count = 1;
            if (i < n && tsvector.charAt(i) == ':') {
                i++;
                while (i < n && tsvector.charAt(i) != ' ') {
                    if (tsvector.charAt(i) == ',') {
                        count++;
                    }
                    i++;
                }
            }
            out.put(lexeme.toString(), count);
        }
        return out;
    }

    /** Appends {@code 'term'} with quotes and backslashes escaped as tsvector/tsquery input expects. */
    private static void quote(StringBuilder sb, String term) {
        sb.append('\'');
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append(c);
            }
            sb.append(c);
        }
        sb.append('\'');
    }
}
