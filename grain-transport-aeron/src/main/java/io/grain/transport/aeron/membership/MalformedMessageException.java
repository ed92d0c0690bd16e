package io.grain.transport.aeron.membership;

/** A membership message that cannot be decoded; the transport counts it and drops it. */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(final String message) {
        super(message);
    }
}
