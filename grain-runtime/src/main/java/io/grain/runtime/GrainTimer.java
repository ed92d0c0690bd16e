package io.grain.runtime;

/**
 * A timer of one activation, made by {@link GrainTimers}. Timers die with their activation.
 * Owned by the activation's shard thread: cancel it from grain code.
 */
public interface GrainTimer {
    /** Stops the timer; returns false if it had already fired (one-shot) or was cancelled. */
    boolean cancel();

    /** True until a one-shot timer fires, the timer is cancelled, or its activation ends. */
    boolean isActive();
}
