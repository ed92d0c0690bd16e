package io.grain.runtime.shard;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.TraceContext;

import java.util.Arrays;

/**
 * Which activation's code runs on a shard right now, and in which call chain: what a call made by
 * that code inherits. Entering grain code (a turn, a continuation, a timer, a hook, an executor
 * task) saves the running context on a stack that only grows, and leaving restores it and reports
 * code that held the shard longer than the long-turn threshold, and, with an observer, every such
 * piece of code's duration. The running request's {@link Turn} gives the trace context that calls
 * made by the code inherit.
 *
 * <p>Timing reads the nano clock once per piece of code, at its end: code entered from the shard's
 * own loop (not nested in other grain code) starts at the clock's last reading, the end of the
 * previous piece, as long as the shard is in the same phase of its duty cycle ({@link #newPhase()}
 * forgets the reading). So a duration may include the runtime's own work since that reading (the
 * routing of a message, never another grain's code), which a long-turn threshold in milliseconds
 * cannot notice, and a call costs two clock reads instead of four.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class TurnContext {
    private final MemberConfig config;
    private final int memberId;
    private final int shardIndex;
    private final MemberObserver observer;
    private final boolean observing;
    private Activation activation;
    private long chain;
    private Turn turn;
    private long chains;
    private Activation[] savedActivations = new Activation[8];
    private long[] savedChains = new long[8];
    private Turn[] savedTurns = new Turn[8];
    private int depth;
    /** The nano clock's last reading, valid while {@link #readingValid}. */
    private long lastReading;
    private boolean readingValid;

    TurnContext(final MemberConfig config, final int shardIndex) {
        this.config = config;
        this.memberId = config.memberId();
        this.shardIndex = shardIndex;
        this.observer = config.observer();
        this.observing = observer != MemberObserver.NONE;
    }

    /** The activation whose code runs now, or null. */
    Activation activation() {
        return activation;
    }

    /** The trace context of the request whose code runs now, or null (no request, or not traced). */
    TraceContext trace() {
        final Turn t = turn;
        return t != null && t.trace.isValid() ? t.trace : null;
    }

    /** The call chain of the code running now (a fresh one outside any turn). */
    long chain() {
        return chain != 0 ? chain : nextChain();
    }

    /** A new chain id: member, shard and a counter. */
    long nextChain() {
        return ((long)(memberId + 1) << 48) | ((long)(shardIndex + 1) << 36) | (++chains & 0xF_FFFF_FFFFL);
    }

    /**
     * Runs what follows as code of {@code a} (may be null) in {@code chainId}; pair with
     * {@link #leave} in a finally block.
     *
     * @return the start time for {@link #leave}.
     */
    long enter(final Activation a, final long chainId) {
        return enter(a, chainId, null);
    }

    /**
     * {@link #enter(Activation, long)} as code of the request {@code request} (a turn, or a
     * continuation of it; null: code of no request), whose trace context calls made now carry.
     */
    long enter(final Activation a, final long chainId, final Turn request) {
        if (depth == savedChains.length) {
            savedActivations = Arrays.copyOf(savedActivations, depth * 2);
            savedChains = Arrays.copyOf(savedChains, depth * 2);
            savedTurns = Arrays.copyOf(savedTurns, depth * 2);
        }
        savedActivations[depth] = activation;
        savedChains[depth] = chain;
        savedTurns[depth] = turn;
        depth++;
        activation = a;
        chain = chainId;
        turn = request;
        if (depth > 1 || !readingValid) {
            lastReading = config.nanoClock().nanoTime();
            readingValid = true;
        }
        return lastReading;
    }

    /**
     * The shard starts another phase of its duty cycle (or a new duty cycle): the next code it
     * enters reads the clock afresh, so time spent outside grain code between phases (polling,
     * idling) is never counted.
     */
    void newPhase() {
        readingValid = false;
    }

    /** Restores the context {@link #enter} saved, reporting a long turn of {@code a} in {@code what}. */
    void leave(final Activation a, final String what, final long start) {
        final long elapsed = restore(start);
        if (a != null) {
            if (observing) {
                observer.onTurn(a.registration.index(), elapsed);
            }
            if (elapsed > config.longTurnThresholdNanos()) {
                config.longTurnListener().onLongTurn(a.id, what, elapsed);
            }
        }
    }

    /**
     * {@link #leave} after a continuation of {@code a}; a long one is reported as "continuation of"
     * {@code awaiting}, the method whose turn made the call (null: a timer's or hook's call).
     */
    void leaveContinuation(final Activation a, final GrainMethod awaiting, final long start) {
        final long elapsed = restore(start);
        if (a != null) {
            if (observing) {
                observer.onTurn(a.registration.index(), elapsed);
            }
            if (elapsed > config.longTurnThresholdNanos()) {
                config.longTurnListener().onLongTurn(a.id, awaiting != null ? "continuation of " + awaiting.signature()
                    : "continuation", elapsed);
            }
        }
    }

    private long restore(final long start) {
        depth--;
        activation = savedActivations[depth];
        chain = savedChains[depth];
        turn = savedTurns[depth];
        savedActivations[depth] = null;
        savedTurns[depth] = null;
        lastReading = config.nanoClock().nanoTime();
        readingValid = true;
        return lastReading - start;
    }
}
