package io.grain.runtime;

import java.time.Duration;

/**
 * One-shot and periodic timers of an activation, on its shard's {@code DeadlineTimerWheel} and
 * the member's clock (virtual in a {@code TestCluster}). A timer's action runs on the activation's
 * thread between turns, like a turn of its own; it may interleave with a turn that waits on a
 * future. Timers do not keep a grain active: an idle grain is collected, and its timers with it.
 * Call only from the activation's own code (its shard thread).
 */
public interface GrainTimers {
    /** Runs {@code action} once after {@code delay}. */
    GrainTimer once(Duration delay, Runnable action);

    /** Runs {@code action} after {@code initialDelay} and then every {@code period}. */
    GrainTimer every(Duration initialDelay, Duration period, Runnable action);
}
