package io.grain.gateway.session;

import io.grain.gateway.auth.Principal;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.counters.GatewayCounters;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.schema.ObserverSchemas;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of one gateway, by session id and by principal (one session per principal: a new
 * connection that does not resume replaces the old session), and the {@link PushSink} that
 * delivers pushes to them. Thread safe.
 */
public final class SessionRegistry implements PushSink {
    private static final int SESSION_ID_BYTES = 16;

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> byPrincipal = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final GatewayLimits limits;
    private final GatewayCounters counters;
    private final ObserverSchemas observers;
    private final ScheduledExecutorService scheduler;
    private final SessionListener listener;

    /**
     * @param scheduler runs session expiry after the grace period (the gateway's event loops).
     */
    public SessionRegistry(final GatewayLimits limits, final GatewayCounters counters, final ObserverSchemas observers,
        final ScheduledExecutorService scheduler) {
        this(limits, counters, observers, scheduler, SessionListener.NONE);
    }

    /**
     * @param scheduler runs session expiry after the grace period (the gateway's event loops).
     * @param listener  told of every session begun, resumed and ended.
     */
    public SessionRegistry(final GatewayLimits limits, final GatewayCounters counters, final ObserverSchemas observers,
        final ScheduledExecutorService scheduler, final SessionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.observers = Objects.requireNonNull(observers, "observers");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** What {@link #open} did. */
    public record Opened(Session session, boolean resumed, long pushesLost) {
    }

    /**
     * Opens a session for {@code principal} on {@code connection}: resumes {@code resumeId} when it
     * is a live session of the same principal, otherwise starts a new one (ending the principal's
     * old session, whose connection is told it was replaced).
     */
    public Opened open(final Principal principal, final String resumeId, final long lastPushSeq, final SessionConnection connection) {
        if (resumeId != null && !resumeId.isEmpty()) {
            final Session existing = byId.get(resumeId);
            if (existing != null && existing.principal().equals(principal) && !existing.ended()) {
                final long lost = existing.attach(connection, lastPushSeq, true);
                counters.add(GatewayCounter.PUSHES_LOST, lost);
                counters.increment(GatewayCounter.SESSIONS_RESUMED);
                listener.opened(existing);
                return new Opened(existing, true, lost);
            }
        }
        final Session session = new Session(newId(), principal, limits.maxKeptPushes());
        session.attach(connection, 0, false);
        byId.put(session.id(), session);
        final Session old = byPrincipal.put(principal.id(), session);
        if (old != null) {
            byId.remove(old.id(), old);
            final SessionConnection oldConnection = old.end();
            if (oldConnection != null && oldConnection != connection) {
                oldConnection.replaced();
            }
            listener.ended(old);
        }
        listener.opened(session);
        return new Opened(session, false, 0);
    }

    /** {@code connection} closed: the session waits for a resume for the grace period, then ends. */
    public void detached(final Session session, final SessionConnection connection) {
        final long generation = session.detach(connection);
        if (generation < 0) {
            return;
        }
        if (limits.sessionGraceMillis() == 0) {
            expire(session, generation);
        } else {
            scheduler.schedule(() -> expire(session, generation), limits.sessionGraceMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void expire(final Session session, final long generation) {
        if (session.expireIfDetached(generation)) {
            counters.increment(GatewayCounter.SESSIONS_EXPIRED);
            byId.remove(session.id(), session);
            byPrincipal.remove(session.principal().id(), session);
            listener.ended(session);
        }
    }

    /** The live session of {@code principal}, or null. */
    public Session session(final String principal) {
        return byPrincipal.get(principal);
    }

    /** Tells the listener again of every session connected now (a presence refresh). */
    public void announceConnected() {
        for (final Session session : byId.values()) {
            if (session.connected()) {
                listener.opened(session);
            }
        }
    }

    /** Sessions held now (connected or in their grace period). */
    public int size() {
        return byId.size();
    }

    @Override
    public Outcome push(final String principal, final String observer, final String method, final byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (observers.message(observer, method) == null) {
            throw new IllegalArgumentException("no observer method " + observer + "." + method
                + " is registered with this gateway; register the observer interface's schema");
        }
        final Session session = byPrincipal.get(principal);
        final Outcome outcome = session == null ? Outcome.DROPPED : session.push(observer, method, payload);
        switch (outcome) {
            case SENT:
                counters.increment(GatewayCounter.PUSHES_SENT);
                break;
            case KEPT:
                counters.increment(GatewayCounter.PUSHES_KEPT);
                break;
            default:
                counters.increment(GatewayCounter.PUSHES_DROPPED);
        }
        return outcome;
    }

    /** Ends every session (the gateway is closing). */
    public void closeAll() {
        for (final Session session : byId.values()) {
            session.end();
            listener.ended(session);
        }
        byId.clear();
        byPrincipal.clear();
    }

    private String newId() {
        final byte[] bytes = new byte[SESSION_ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
