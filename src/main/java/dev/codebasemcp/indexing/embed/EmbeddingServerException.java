package dev.codebasemcp.indexing.embed;

/**
 * A remote embedding server could not be used: unreachable, refused the request, too slow, or answered something
 * that is not a usable set of vectors. The message names the URL, what happened and what to check.
 */
public final class EmbeddingServerException extends RuntimeException {

    private final boolean unavailable;

    public EmbeddingServerException(String message) {
        this(message, null, false);
    }

    public EmbeddingServerException(String message, Throwable cause) {
        this(message, cause, cause instanceof EmbeddingServerException e && e.unavailable);
    }

    /**
     * @param unavailable whether the server could not be reached, timed out or said "try again later" (429, 5xx):
     *                    a passing condition, unlike a refusal (wrong key, model or URL) or an unusable answer
     */
    public EmbeddingServerException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** Whether the server was unavailable (unreachable, too slow, overloaded) rather than refusing or misconfigured. */
    public boolean unavailable() {
        return unavailable;
    }
}
