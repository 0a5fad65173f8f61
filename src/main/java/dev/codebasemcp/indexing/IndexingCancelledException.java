package dev.codebasemcp.indexing;

/** The run stopped because its progress sink asked it to (cancel, timeout, lost ownership). */
public class IndexingCancelledException extends RuntimeException {
    public IndexingCancelledException(String message) {
        super(message);
    }
}
