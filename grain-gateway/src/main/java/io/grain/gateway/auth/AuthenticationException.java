package io.grain.gateway.auth;

/**
 * An {@link Authenticator} refused a token. The client gets an Error frame with code
 * {@code TOKEN_EXPIRED} when {@link #expired()}, {@code AUTH_FAILED} otherwise, and the message.
 */
public final class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean expired;

    public AuthenticationException(final String message, final boolean expired) {
        super(message);
        this.expired = expired;
    }

    /** True when the token was valid once but has expired. */
    public boolean expired() {
        return expired;
    }
}
