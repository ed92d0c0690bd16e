package io.grain.runtime.shard;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.member.MemberConfig;

import java.util.Arrays;

/**
 * Which activation's code runs on a shard right now, and in which call chain: what a call made by
 * that code inherits. Entering grain code (a turn, a continuation, a timer, a hook, an executor
 * task) saves the running context on a stack that only grows, and leaving restores it and reports
 * code that held the shard longer than the long-turn threshold.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class TurnContext {
    private final MemberConfig config;
    private final int memberId;
    private final int shardIndex;
    private Activation activation;
    private long chain;
    private long chains;
    private Activation[] savedActivations = new Activation[8];
    private long[] savedChains = new long[8];
    private int depth;

    TurnContext(final MemberConfig config, final int shardIndex) {
        this.config = config;
        this.memberId = config.memberId();
        this.shardIndex = shardIndex;
    }

    /** The activation whose code runs now, or null. */
    Activation activation() {
        return activation;
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
        if (depth == savedChains.length) {
            savedActivations = Arrays.copyOf(savedActivations, depth * 2);
            savedChains = Arrays.copyOf(savedChains, depth * 2);
        }
        savedActivations[depth] = activation;
        savedChains[depth] = chain;
        depth++;
        activation = a;
        chain = chainId;
        return config.nanoClock().nanoTime();
    }

    /** Restores the context {@link #enter} saved, reporting a long turn of {@code a} in {@code what}. */
    void leave(final Activation a, final String what, final long start) {
        final long elapsed = restore(start);
        if (elapsed > config.longTurnThresholdNanos() && a != null) {
            config.longTurnListener().onLongTurn(a.id, what, elapsed);
        }
    }

    /**
     * {@link #leave} after a continuation of {@code a}; a long one is reported as "continuation of"
     * {@code awaiting}, the method whose turn made the call (null: a timer's or hook's call).
     */
    void leaveContinuation(final Activation a, final GrainMethod awaiting, final long start) {
        final long elapsed = restore(start);
        if (elapsed > config.longTurnThresholdNanos() && a != null) {
            config.longTurnListener().onLongTurn(a.id, awaiting != null ? "continuation of " + awaiting.signature() : "continuation",
                elapsed);
        }
    }

    private long restore(final long start) {
        depth--;
        activation = savedActivations[depth];
        chain = savedChains[depth];
        savedActivations[depth] = null;
        return config.nanoClock().nanoTime() - start;
    }
}
