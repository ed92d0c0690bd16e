package io.grain.runtime.observe;

import io.grain.runtime.MemberCounters;

import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * A member as {@link MemberObserver#onStart} sees it: its id and shards, its kinds with their
 * indexes, and what gauges read. Immutable; {@link #counters()} and {@link #queueDepth} may be read
 * from any thread at any time.
 */
public final class ObservedMember {
    private final int memberId;
    private final int shards;
    private final List<ObservedKind> kinds;
    private final MemberCounters counters;
    private final IntToLongFunction queueDepth;

    public ObservedMember(final int memberId, final int shards, final List<ObservedKind> kinds, final MemberCounters counters,
        final IntToLongFunction queueDepth) {
        this.memberId = memberId;
        this.shards = shards;
        this.kinds = List.copyOf(kinds);
        this.counters = counters;
        this.queueDepth = queueDepth;
    }

    public int memberId() {
        return memberId;
    }

    /** How many shards the member runs; shard indexes are 0 to shards - 1. */
    public int shards() {
        return shards;
    }

    /** The kinds the member hosts; a kind's position here is its {@link ObservedKind#index()}. */
    public List<ObservedKind> kinds() {
        return kinds;
    }

    /** The member's own counters (calls, errors, activations, reminders, supervision). */
    public MemberCounters counters() {
        return counters;
    }

    /** Messages waiting now in the inbound queue of {@code shard} (calls, replies, completions). Any thread. */
    public long queueDepth(final int shard) {
        return queueDepth.applyAsLong(shard);
    }
}
