package dev.codebasemcp.indexing.embed;

/**
 * A remote embedding server could not be used: unreachable, refused the request, too slow, or answered something
 * that is not a usable set of vectors. The message names the URL, what happened and what to check.
 */
public final class EmbeddingServerException extends RuntimeException {

    public EmbeddingServerException(String message) {
        super(message);
    }

    public EmbeddingServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
