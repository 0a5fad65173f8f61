package dev.codebasemcp.store;

/**
 * The store cannot be reached (server down, network, login refused). Transient as far as jobs go: a job interrupted by
 * it is resumed from its last checkpoint once the store answers again. The message says what to do.
 */
public class StoreUnavailableException extends IllegalStateException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
