package io.grain.gateway.session;

import io.grain.gateway.auth.Principal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A client's session: it outlives a connection by the grace period, so a client that reconnects
 * with the session id resumes it and gets the pushes it missed. It keeps the newest
 * {@code maxKeptPushes} pushes (sent or not), numbered without gaps, and sends again on resume
 * those after the last one the client says it received.
 *
 * <p>Thread safe: pushes come from any thread, attach and detach from event loops; each method
 * holds the session's lock briefly and never writes to a socket under it beyond handing a push to
 * {@link SessionConnection#deliver}, which only enqueues.
 */
public final class Session {
    private final String id;
    private final Principal principal;
    private final int maxKeptPushes;
    private final ArrayDeque<KeptPush> kept;
    private SessionConnection connection;
    private long lastSeq;
    private boolean ended;
    private long detachGeneration;

    Session(final String id, final Principal principal, final int maxKeptPushes) {
        this.id = id;
        this.principal = principal;
        this.maxKeptPushes = maxKeptPushes;
        this.kept = new ArrayDeque<>(Math.min(maxKeptPushes, 16));
    }

    public String id() {
        return id;
    }

    public Principal principal() {
        return principal;
    }

    /** Adds a push: hands it to the connection if there is one, and keeps it for a resume. */
    synchronized PushSink.Outcome push(final String observer, final String method, final byte[] payload) {
        if (ended) {
            return PushSink.Outcome.DROPPED;
        }
        final KeptPush push = new KeptPush(++lastSeq, observer, method, payload);
        if (maxKeptPushes > 0) {
            if (kept.size() == maxKeptPushes) {
                kept.removeFirst();
            }
            kept.addLast(push);
        }
        if (connection != null) {
            connection.deliver(push);
            return PushSink.Outcome.SENT;
        }
        return PushSink.Outcome.KEPT;
    }

    /**
     * Binds the session to {@code newConnection}. On a resume, sends again the kept pushes after
     * {@code lastReceivedSeq}.
     *
     * @return pushes after {@code lastReceivedSeq} the session no longer holds.
     */
    synchronized long attach(final SessionConnection newConnection, final long lastReceivedSeq, final boolean resume) {
        if (connection != null && connection != newConnection) {
            // the client came back before its old connection was seen to die
            connection.replaced();
        }
        connection = newConnection;
        detachGeneration++;
        if (!resume) {
            return 0;
        }
        final long from = Math.min(lastReceivedSeq, lastSeq);
        final long firstKept = kept.isEmpty() ? lastSeq + 1 : kept.peekFirst().seq();
        for (final KeptPush push : kept) {
            if (push.seq() > from) {
                newConnection.deliver(push);
            }
        }
        return Math.max(0, firstKept - 1 - from);
    }

    /**
     * Unbinds {@code oldConnection} if it is still the session's.
     *
     * @return the detach generation to give to {@link #expireIfDetached}, or -1 when the session
     *         had moved on to another connection already.
     */
    synchronized long detach(final SessionConnection oldConnection) {
        if (connection != oldConnection) {
            return -1;
        }
        connection = null;
        return ++detachGeneration;
    }

    /** Ends the session if nothing attached since {@code generation}; true when it ended now. */
    synchronized boolean expireIfDetached(final long generation) {
        if (ended || connection != null || detachGeneration != generation) {
            return false;
        }
        ended = true;
        kept.clear();
        return true;
    }

    /** Ends the session at once (replaced, gateway closing); returns its connection, if any. */
    synchronized SessionConnection end() {
        ended = true;
        kept.clear();
        final SessionConnection was = connection;
        connection = null;
        return was;
    }

    /** Whether a connection holds the session now. */
    public synchronized boolean connected() {
        return connection != null;
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Pushes kept now, oldest first (for tests and diagnostics). */
    public synchronized List<KeptPush> keptPushes() {
        return List.copyOf(kept);
    }

    @Override
    public String toString() {
        return "Session{" + principal.id() + "}";
    }
}
