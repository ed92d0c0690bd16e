package io.grain.runtime.shard;

import io.grain.runtime.GrainTimer;

/** A grain timer on its shard's wheel; owned by the shard thread. */
final class TimerHandle implements GrainTimer {
    final Activation activation;
    final Runnable action;
    final long periodMillis;
    long deadline;
    long timerId;
    boolean active = true;

    TimerHandle(final Activation activation, final Runnable action, final long periodMillis) {
        this.activation = activation;
        this.action = action;
        this.periodMillis = periodMillis;
    }

    @Override
    public boolean cancel() {
        activation.shard.checkThread("GrainTimer.cancel");
        if (!active) {
            return false;
        }
        activation.shard.timers.cancel(this);
        return true;
    }

    @Override
    public boolean isActive() {
        return active;
    }
}
