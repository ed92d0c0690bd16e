package io.grain.gateway.session;

/**
 * Told when a gateway's sessions begin and end, e.g. to publish the gateway's presence in the
 * cluster. Called from the gateway's event loops and from the thread that closes the gateway;
 * implementations return at once and never throw.
 */
public interface SessionListener {
    /** Does nothing. */
    SessionListener NONE = new SessionListener() {
        @Override
        public void opened(final Session session) {
        }

        @Override
        public void ended(final Session session) {
        }
    };

    /** {@code session} began, or was resumed on a new connection. */
    void opened(Session session);

    /** {@code session} ended (expired, replaced, or the gateway closed). */
    void ended(Session session);
}
