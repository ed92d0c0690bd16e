package io.grain.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters a member's runtime keeps: calls its grains served, calls that ended in an error,
 * and its live activations. Each shard writes its own slot (a cache line of its own), so counting
 * costs a plain add and an ordered store, with no allocation and no contention; readers sum the
 * slots. A transport may publish them (the Aeron transport copies them into its Agrona counters,
 * so AeronStat shows them); users read them through {@code GrainMember.counters()}.
 *
 * <p>Thread safety: {@link #increment} and {@link #decrement} of one shard's slot are called only
 * by the thread driving that shard; the readers may be called from any thread and see each slot's
 * latest ordered value.
 */
public final class MemberCounters {
    /** Requests (one-way included) whose turn started on this member. */
    public static final int CALLS = 0;
    /**
     * Calls that ended in an error on this member: error replies it produced (a grain's exception,
     * an unknown kind or method, a member closing, a reply over the transport's limit), and its own
     * calls that timed out or lost their target member.
     */
    public static final int CALL_ERRORS = 1;
    /** Activations held now (a gauge). */
    public static final int ACTIVATIONS = 2;
    /** Reminder ticks this member delivered (their turn ended, also when {@code onReminder} failed). */
    public static final int REMINDER_TICKS = 3;
    /**
     * Reminder ticks of this member that failed: {@code onReminder} failed, or the tick could not
     * be delivered (the grain's activation failed, the call timed out or lost its member).
     */
    public static final int REMINDER_FAILURES = 4;
    /** Activations restarted by their kind's {@code Supervision} after a failed turn. */
    public static final int RESTARTS = 5;
    /** Activations that failed: their constructor, state load or {@code onActivate}. */
    public static final int ACTIVATION_FAILURES = 6;
    /** Calls failed fast because their grain's activations back off after failing ({@code Supervision}). */
    public static final int BACKOFF_REJECTIONS = 7;

    /** Longs per shard slot: one cache line, so shards never share one. */
    private static final int STRIDE = 8;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int shards;
    private final long[] slots;

    /** Counters for a member of {@code shards} shards. */
    public MemberCounters(final int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1: " + shards);
        }
        this.shards = shards;
        // a spare line before the first slot and after the last keeps neighbours' fields away
        this.slots = new long[(shards + 2) * STRIDE];
    }

    /** Adds one to {@code counter} in {@code shard}'s slot; on that shard's thread only. */
    public void increment(final int shard, final int counter) {
        add(shard, counter, 1);
    }

    /** Subtracts one from {@code counter} in {@code shard}'s slot; on that shard's thread only. */
    public void decrement(final int shard, final int counter) {
        add(shard, counter, -1);
    }

    private void add(final int shard, final int counter, final long delta) {
        final int i = (shard + 1) * STRIDE + counter;
        SLOTS.setRelease(slots, i, slots[i] + delta);
    }

    /** The sum of {@code counter} over every shard. Any thread. */
    public long get(final int counter) {
        long sum = 0;
        for (int s = 0; s < shards; s++) {
            sum += (long)SLOTS.getAcquire(slots, (s + 1) * STRIDE + counter);
        }
        return sum;
    }

    /** {@link #CALLS}. */
    public long calls() {
        return get(CALLS);
    }

    /** {@link #CALL_ERRORS}. */
    public long callErrors() {
        return get(CALL_ERRORS);
    }

    /** {@link #ACTIVATIONS}. */
    public long activations() {
        return get(ACTIVATIONS);
    }

    /** {@link #REMINDER_TICKS}. */
    public long reminderTicks() {
        return get(REMINDER_TICKS);
    }

    /** {@link #REMINDER_FAILURES}. */
    public long reminderFailures() {
        return get(REMINDER_FAILURES);
    }

    /** {@link #RESTARTS}. */
    public long restarts() {
        return get(RESTARTS);
    }

    /** {@link #ACTIVATION_FAILURES}. */
    public long activationFailures() {
        return get(ACTIVATION_FAILURES);
    }

    /** {@link #BACKOFF_REJECTIONS}. */
    public long backOffRejections() {
        return get(BACKOFF_REJECTIONS);
    }

    @Override
    public String toString() {
        return "MemberCounters{calls=" + calls() + ", callErrors=" + callErrors() + ", activations=" + activations()
            + ", reminderTicks=" + reminderTicks() + ", reminderFailures=" + reminderFailures() + ", restarts=" + restarts()
            + ", activationFailures=" + activationFailures() + ", backOffRejections=" + backOffRejections() + "}";
    }
}
