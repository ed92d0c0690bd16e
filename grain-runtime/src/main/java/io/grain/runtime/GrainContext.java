package io.grain.runtime;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What an activation knows of itself and its member; passed to the grain's constructor.
 *
 * <p>Thread ownership: every method is meant to be called from the activation's own code, which
 * runs on its shard thread, except {@link #executor()} and {@link #id()}, which any thread may use.
 */
public interface GrainContext {
    /** This grain's identity. */
    GrainId id();

    /** The member's clock; virtual in a {@code TestCluster}, so it only moves with {@code advance}. */
    Clock clock();

    /** Clients for other grains; calls made from grain code complete on this activation's thread. */
    GrainFactory grains();

    /** A client for this grain itself, to pass to other grains or to call itself through a turn. */
    <G> G self(Class<G> grainInterface);

    /** One-shot and periodic timers that are cancelled when this activation ends. */
    GrainTimers timers();

    /** Deactivates this activation as soon as no turn of it is running (the current one ends). */
    void deactivateOnIdle();

    /**
     * Runs tasks on this activation's thread, with this activation's context: hand it to
     * {@code thenApplyAsync} and friends when a future completes elsewhere (storage I/O, a thread
     * pool) and its continuation must touch grain state.
     */
    Executor executor();
}
