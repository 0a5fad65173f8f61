package dev.codebasemcp.indexing;

import dev.codebasemcp.Chunk;

/**
 * The text embedded for a chunk: a short header naming the file and symbol (so "where" and "what" questions match
 * even when the body alone is ambiguous) followed by the code.
 */
public final class EmbeddingText {
    private EmbeddingText() {}

    public static String of(String path, Chunk chunk) {
        StringBuilder sb = new StringBuilder(chunk.content().length() + path.length() + 48);
        sb.append(path);
        if (chunk.symbol() != null && !chunk.symbol().isEmpty()) {
            sb.append(" | ").append(chunk.kind()).append(' ').append(chunk.symbol());
        }
        sb.append('\n').append(chunk.content());
        return sb.toString();
    }
}
