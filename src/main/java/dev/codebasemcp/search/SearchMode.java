package dev.codebasemcp.search;

import dev.codebasemcp.InvalidInputException;
import java.util.Locale;

/** Which retrieval legs run. */
public enum SearchMode {
    HYBRID, LEXICAL, SEMANTIC;

    public static SearchMode parse(String s) {
        if (s == null || s.isBlank()) {
            return HYBRID;
        }
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("mode must be 'hybrid' (default), 'lexical' or 'semantic', not '" + s + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
