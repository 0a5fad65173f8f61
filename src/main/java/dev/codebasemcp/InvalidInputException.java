package dev.codebasemcp;

/**
 * A problem the caller can fix (bad path, unknown project or job, bad filter, invalid config file).
 * The MCP layer turns it into an {@code isError} tool result carrying this message; the CLI exits with 2.
 * The message must say what was wrong and what to do about it.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
