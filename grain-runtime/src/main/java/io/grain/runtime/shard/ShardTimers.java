package io.grain.runtime.shard;

import io.grain.runtime.member.MemberConfig;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A shard's timers on one {@link DeadlineTimerWheel}: grain timers ({@link TimerHandle}), the idle
 * sweep, reminder ticks ({@link ShardReminders.Reminder}) and, on shard 0, the member's reminder
 * scan. Call timeouts are not here but in {@link CallTimeouts}: a timer per call cost a schedule
 * and a cancel on every call. Expired targets are collected while the wheel
 * polls and handed to {@link ShardAgent#onTimer} afterwards, so a handler may schedule and cancel
 * freely.
 *
 * <p>Thread ownership: the shard's thread; {@link #nextDeadline()} also from the thread driving
 * the shard while it is not running (TestCluster).
 */
final class ShardTimers implements DeadlineTimerWheel.TimerHandler {
    /** Most timers fired per duty cycle. */
    static final int TIMER_LIMIT = 1024;
    /** The target of the idle sweep's timer. */
    static final Object SWEEP = new Object();

    private final ShardAgent shard;
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Object> targets = new Long2ObjectHashMap<>();
    private final ArrayList<Object> expired = new ArrayList<>();

    ShardTimers(final ShardAgent shard, final long now) {
        this.shard = shard;
        this.wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, now, MemberConfig.TIMER_TICK_MILLIS,
            MemberConfig.TIMER_TICKS_PER_WHEEL);
    }

    /** Fires the timers due at {@code now}; returns the work done. */
    int poll(final long now) {
        int fired = 0;
        boolean caughtUp;
        do {
            fired += wheel.poll(now, this, TIMER_LIMIT);
            caughtUp = now < wheel.currentTickTime();
        } while (!caughtUp && fired < TIMER_LIMIT);
        for (int i = 0; i < expired.size(); i++) {
            shard.onTimer(expired.get(i));
        }
        expired.clear();
        return fired + (caughtUp ? 0 : 1);
    }

    @Override
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId) {
        final Object target = targets.remove(timerId);
        if (target != null) {
            expired.add(target);
        }
        return true;
    }

    /** Schedules {@code target} at {@code deadline}; returns the timer id. */
    long schedule(final long deadline, final Object target) {
        final long id = wheel.scheduleTimer(deadline);
        targets.put(id, target);
        return id;
    }

    /** Cancels a timer that has not fired. */
    void cancel(final long timerId) {
        if (targets.remove(timerId) != null) {
            wheel.cancelTimer(timerId);
        }
    }

    /** Schedules a grain timer at {@code deadline}. */
    void schedule(final TimerHandle timer, final long deadline) {
        timer.deadline = deadline;
        timer.timerId = schedule(deadline, timer);
    }

    /** Cancels a grain timer and forgets it in its activation. */
    void cancel(final TimerHandle timer) {
        timer.active = false;
        cancel(timer.timerId);
        if (timer.activation.timers != null) {
            timer.activation.timers.remove(timer);
        }
    }

    /** Cancels every timer of {@code a}, as it deactivates. */
    void cancelAll(final Activation a) {
        if (a.timers != null) {
            for (final TimerHandle timer : a.timers) {
                if (timer.active) {
                    timer.active = false;
                    cancel(timer.timerId);
                }
            }
            a.timers = null;
        }
    }

    /** A grain timer is due: reschedules a periodic one (before its action), retires a one-shot. */
    void fire(final TimerHandle timer, final long now) {
        if (timer.periodMillis > 0) {
            schedule(timer, Math.max(timer.deadline + timer.periodMillis, now + 1));
        } else {
            timer.active = false;
            timer.activation.timers.remove(timer);
        }
    }

    /** The earliest deadline on the wheel, or {@link Long#MAX_VALUE}; for TestCluster (allocates). */
    long nextDeadline() {
        final long[] min = {Long.MAX_VALUE};
        wheel.forEach((deadline, timerId) -> min[0] = Math.min(min[0], deadline));
        return min[0];
    }
}
