package dev.codebasemcp;

import java.util.Objects;

/**
 * One unit of retrieval cut from a file: a function, method, type, a merged group of small
 * neighbours, module-level code, or a line window of a non-code file.
 *
 * @param language  language id, e.g. {@code java}, {@code python}, {@code markdown}, {@code text}
 * @param kind      {@code function}, {@code method}, {@code class}, {@code interface}, {@code enum}, {@code struct},
 *                  {@code module}, {@code block} (merged neighbours / split parts), {@code window} (line fallback), ...
 * @param symbol    the symbol name ({@code Outer.method} for members where known), or {@code null}
 * @param startLine 1-based, inclusive
 * @param endLine   1-based, inclusive
 * @param content   exactly the text of lines {@code startLine..endLine} of the file (no trailing newline)
 */
public record Chunk(String language, String kind, String symbol, int startLine, int endLine, String content) {
    public Chunk {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(content, "content");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + "-" + endLine);
        }
    }

    public int lineCount() {
        return endLine - startLine + 1;
    }
}
