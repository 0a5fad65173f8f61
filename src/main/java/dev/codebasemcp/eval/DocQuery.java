package dev.codebasemcp.eval;

import java.util.Objects;

/**
 * One evaluation query: the first sentence of a function's doc comment, and where that function is.
 *
 * @param language  language id ({@code java}, {@code python}, {@code javascript}, {@code go})
 * @param path      the file, relative to the language's corpus root, with {@code /} separators
 * @param symbol    the function's name
 * @param startLine first line of the function (1-based, inclusive), after its doc comment
 * @param endLine   last line of the function (inclusive)
 * @param query     the cleaned first sentence of the doc comment
 */
public record DocQuery(String language, String path, String symbol, int startLine, int endLine, String query) {
    public DocQuery {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + "-" + endLine);
        }
    }
}
