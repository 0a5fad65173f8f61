package dev.codebasemcp.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Code-aware terms for lexical search, shared by every store so that they all index and query the same terms.
 *
 * <p>Text is cut into identifiers: runs of letters, digits and {@code _}, with {@code -} kept inside a run when it
 * joins two letters or digits ({@code max-width}). Every other character separates, so paths split into their
 * segments and file names into base name and extension ({@code src/main/FooBar.java} gives {@code src, main,
 * foobar, foo, bar, java}). For each identifier the terms are:
 * <ul>
 *   <li>the whole identifier, lowercased, without {@code _} and {@code -}, so {@code readFile}, {@code read_file} and
 *       {@code read-file} share the term {@code readfile}; not stemmed, so an exact name always matches best;</li>
 *   <li>its parts, split at {@code _}/{@code -}, lower→upper case changes, the end of an acronym and letter/digit
 *       boundaries ({@code parseHTTPResponse2} → {@code parse, http, response, 2}), each lowercased and
 *       {@linkplain #stem stemmed}. A part that equals the whole identifier is not repeated;</li>
 *   <li>in indexed text, for identifiers of three or more parts, each pair of neighbouring parts joined and
 *       lowercased ({@code toUpperCase} → {@code toupper, uppercase}), so a query's compound word ("convert to
 *       uppercase", "the filename") finds the identifier. On the retrieval-quality evaluation this raised lexical-only
 *       MRR@10 from 0.484 to 0.495 (paired difference 0.0115, standard error 0.0057; 66 queries better, 45 worse).
 *       Queries are not joined: a query's separate words already match the parts.</li>
 * </ul>
 * Single letters are dropped (loop variables carry no meaning); identifiers longer than {@value #MAX_TERM} characters
 * keep only their parts and runs longer than {@value #MAX_RUN} characters (data blobs) are skipped.
 *
 * <p>Queries ({@link #queryTerms}) use the same rules, then drop English stopwords and duplicates, so both sentences
 * ("read the file into a string") and identifiers ({@code readFileToString}) work.
 */
public final class CodeTokens {

    static final int MAX_TERM = 64;
    static final int MAX_RUN = 256;

    private static final Set<String> STOPWORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
            "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
            "or", "our", "should", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these",
            "they", "this", "those", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "whom",
            "why", "will", "with", "would", "you", "your");

    /** Words ending in -ed that are not past tenses, kept whole by the stemmer. */
    private static final Set<String> NOT_PAST = Set.of(
            "embed", "need", "feed", "seed", "speed", "shed", "bleed", "breed", "proceed", "exceed", "succeed",
            "indeed", "hundred");

    private CodeTokens() {
    }

    /** Terms to index for {@code text}, in text order, with repeats (term frequency matters). */
    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>(Math.max(8, text.length() / 5));
        scan(text, false, out);
        return out;
    }

    /** Terms to search for: the same rules as {@link #terms}, without stopwords and duplicates. */
    public static List<String> queryTerms(String query) {
        List<String> out = new ArrayList<>();
        scan(query, true, out);
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static void scan(String text, boolean query, List<String> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n) {
                char d = text.charAt(i);
                if (isWordChar(d) || d == '-' && i > start && Character.isLetterOrDigit(text.charAt(i - 1))
                        && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            if (i - start <= MAX_RUN) {
                identifier(text, start, i, query, out);
            }
        }
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** Emits the terms of the identifier {@code text[start, end)}. */
    private static void identifier(String text, int start, int end, boolean query, List<String> out) {
        StringBuilder whole = new StringBuilder(end - start);
        // Part boundaries as [from, to) pairs.
        int[] parts = new int[8];
        int count = 0;
        int partStart = -1;
        for (int j = start; j <= end; j++) {
            char c = j < end ? text.charAt(j) : '_';
            boolean separator = c == '_' || c == '-';
            if (partStart >= 0 && (separator || isBoundary(text, j, end))) {
                if (count + 2 > parts.length) {
                    parts = java.util.Arrays.copyOf(parts, parts.length * 2);
                }
                parts[count++] = partStart;
                parts[count++] = j;
                partStart = -1;
            }
            if (!separator) {
                if (partStart < 0) {
                    partStart = j;
                }
                whole.append(Character.toLowerCase(c));
            }
        }
        if (count == 0) {
            return;
        }
        String wholeTerm = whole.toString();
        if (wholeTerm.length() <= MAX_TERM && (wholeTerm.length() > 1 || isDigit(wholeTerm.charAt(0)))
                && !(query && STOPWORDS.contains(wholeTerm))) {
            out.add(wholeTerm);
        }
        boolean single = count == 2;
        for (int p = 0; p < count; p += 2) {
            String term = part(text, parts[p], parts[p + 1], query);
            // A one-part identifier repeats its part only when stemming changed it.
            if (term != null && !(single && term.equals(wholeTerm))) {
                out.add(term);
            }
        }
        if (!query && count >= 6) {
            // Neighbouring parts joined, so a query's compound word finds the identifier: "uppercase" toUpperCase.
            for (int p = 0; p + 2 < count; p += 2) {
                String join = (text.substring(parts[p], parts[p + 1]) + text.substring(parts[p + 2], parts[p + 3]))
                        .toLowerCase(java.util.Locale.ROOT);
                if (join.length() > 3 && join.length() <= MAX_TERM) {
                    out.add(join);
                }
            }
        }
    }

    /** Whether a new part starts at {@code j} (which is inside the identifier and not a separator). */
    private static boolean isBoundary(String text, int j, int end) {
        if (j >= end) {
            return true;
        }
        char prev = text.charAt(j - 1);
        char c = text.charAt(j);
        if (prev == '_' || prev == '-') {
            return false;
        }
        if (isDigit(prev) != isDigit(c)) {
            return true;
        }
        if (Character.isLowerCase(prev) && Character.isUpperCase(c)) {
            return true;
        }
        // End of an acronym: the last capital of "HTTPResponse" starts "Response".
        return Character.isUpperCase(prev) && Character.isUpperCase(c) && j + 1 < end
                && Character.isLowerCase(text.charAt(j + 1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9' || Character.isDigit(c);
    }

    /** The stemmed, lowercased term of one part, or null when it is dropped. */
    private static String part(String text, int start, int end, boolean query) {
        int len = end - start;
        if (len > MAX_TERM || len == 1 && !isDigit(text.charAt(start))) {
            return null;
        }
        char[] buf = new char[len];
        for (int j = 0; j < len; j++) {
            buf[j] = Character.toLowerCase(text.charAt(start + j));
        }
        String word = new String(buf);
        if (query && STOPWORDS.contains(word)) {
            return null;
        }
        return stem(word);
    }

    /**
     * A deliberately light English suffix stripper for identifier parts, applied identically to documents and
     * queries so that inflections meet: {@code parse, parses, parsing, parsed → pars}; {@code index, indexes,
     * indexing → index}; {@code entries → entry}; {@code getting → get}. Only lowercase ASCII words of four or more
     * letters change; words whose stem would lose every vowel ({@code string}, {@code thing}) stay whole.
     */
    static String stem(String w) {
        int n = w.length();
        if (n < 4 || !isAsciiLower(w)) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && n > 4) {
            s = s.substring(0, n - 3) + "y";
        } else if (s.endsWith("sses") || s.endsWith("xes") || s.endsWith("ches") || s.endsWith("shes") || s.endsWith("zzes")) {
            s = s.substring(0, n - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, n - 1);
        }
        int m = s.length();
        if (s.endsWith("ing") && m >= 6 && hasVowel(s, m - 3)) {
            s = undouble(s.substring(0, m - 3));
        } else if (s.endsWith("ied") && m > 4) {
            s = s.substring(0, m - 3) + "y";
        } else if (s.endsWith("ed") && m >= 5 && !NOT_PAST.contains(s) && hasVowel(s, m - 2)) {
            s = undouble(s.substring(0, m - 2));
        }
        if (s.length() >= 4 && s.charAt(s.length() - 1) == 'e') {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean isAsciiLower(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasVowel(String s, int end) {
        for (int i = 0; i < end; i++) {
            switch (s.charAt(i)) {
                case 'a', 'e', 'i', 'o', 'u', 'y' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** {@code gett → get}, {@code runn → run}, but {@code call}, {@code pass}, {@code buzz} and short stems stay. */
    private static String undouble(String s) {
        int n = s.length();
        if (n >= 4) {
            char last = s.charAt(n - 1);
            if (last == s.charAt(n - 2) && last != 'l' && last != 's' && last != 'z' && "aeiou".indexOf(last) < 0) {
                return s.substring(0, n - 1);
            }
        }
        return s;
    }
}
