package dev.codebasemcp;

/** An id or name the caller passed does not exist (project, job, repository). */
public class NotFoundException extends InvalidInputException {
    public NotFoundException(String message) {
        super(message);
    }
}
