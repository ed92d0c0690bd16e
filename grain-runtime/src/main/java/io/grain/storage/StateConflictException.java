package io.grain.storage;

/**
 * A conditional write of grain state found another version stored than the one this activation
 * read: another activation of the same grain wrote in between. The activation is deactivated, so
 * the next call loads the state that is stored now. Each failure gets its own instance.
 */
public final class StateConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateConflictException(final String message) {
        super(message);
    }
}
