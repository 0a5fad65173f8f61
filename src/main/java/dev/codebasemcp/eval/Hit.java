package dev.codebasemcp.eval;

import java.util.Objects;

/** One ranked result of a system under evaluation: a file and a line range (1-based, inclusive). */
public record Hit(String path, int startLine, int endLine) {
    public Hit {
        Objects.requireNonNull(path, "path");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + "-" + endLine);
        }
    }

    public int lines() {
        return endLine - startLine + 1;
    }

    boolean overlaps(DocQuery q) {
        return path.equals(q.path()) && startLine <= q.endLine() && q.startLine() <= endLine;
    }
}
