package dev.codebasemcp.indexing;

/** Indexing could not complete; {@code type} becomes the job's {@code error_type}. */
public class IndexingException extends RuntimeException {
    private final String type;

    public IndexingException(String type, String message) {
        super(message);
        this.type = type;
    }

    public IndexingException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
