package dev.codebasemcp.eval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which doc sentences make fair queries: long enough to describe behaviour, not boilerplate
 * ({@code {@inheritDoc}}, "Returns the value"), not deprecation notes, not trivial accessors, not in tests.
 */
final class QueryFilter {
    static final int MIN_WORDS = 4;
    static final int MAX_WORDS = 40;
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern ACCESSOR = Pattern.compile("(get|set|is|has)([A-Z_].*)?");
    private static final List<String> BOILERPLATE = List.of("inheritdoc", "{@inheritdoc}", "see ", "deprecated", "todo",
            "returns the value", "same as", "alias for", "alias of", "equivalent to", "this method is", "overrides ",
            "implementation of", "for internal use", "internal ", "do not use", "copied from", "unused");

    private QueryFilter() {
    }

    /** Go docs start with the function's own name ("Foo returns ..."); the query keeps only the description. */
    static String dropLeadingName(String sentence, String name) {
        String s = sentence.strip();
        for (String prefix : List.of(name + " ", "A " + name + " ", "An " + name + " ", "The " + name + " ")) {
            if (s.startsWith(prefix)) {
                String rest = s.substring(prefix.length()).strip();
                return rest.isEmpty() ? rest : Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
            }
        }
        return s;
    }

    /** Why this candidate is not used as a query, or null when it is a fair one. */
    static String rejection(DocQuery q) {
        String s = q.query().strip();
        String lower = s.toLowerCase(Locale.ROOT);
        long words = WORD.matcher(s).results().count();
        if (BOILERPLATE.stream().anyMatch(lower::startsWith) || lower.contains("{@inheritdoc}")) {
            return "boilerplate";
        }
        if (words < MIN_WORDS) {
            return "too short";
        }
        if (isTestPath(q.path())) {
            return "test code";
        }
        if (q.symbol() == null || q.symbol().isBlank()) {
            return "anonymous";
        }
        if (ACCESSOR.matcher(q.symbol()).matches() && q.endLine() - q.startLine() < 4) {
            return "accessor";
        }
        return null;
    }

    /** The query text capped at {@link #MAX_WORDS} words. */
    static String capped(String s) {
        String[] parts = s.strip().split("\\s+");
        return parts.length <= MAX_WORDS ? s.strip() : String.join(" ", List.of(parts).subList(0, MAX_WORDS));
    }

    /** Lower-case letters and digits only: two queries with the same key are duplicates. */
    static String key(String query) {
        return query.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    static boolean isTestPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String file = p.substring(p.lastIndexOf('/') + 1);
        return file.endsWith("_test.go") || file.startsWith("test_") || file.endsWith("_test.py") || file.endsWith(".test.js")
                || file.endsWith(".spec.js") || p.contains("/test/") || p.contains("/tests/") || p.startsWith("test/")
                || p.startsWith("tests/") || p.contains("/testing/") || p.contains("testdata/");
    }
}
