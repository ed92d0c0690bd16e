package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.Supervision;
import io.grain.runtime.member.KindRegistration;
import org.agrona.collections.Object2ObjectHashMap;

import java.time.Instant;
import java.util.ArrayList;

/**
 * The grains of one shard whose activations failed in a row, for the back-off of their kind's
 * {@link Supervision}: how many failed, the last cause, and until when calls fail fast. Only
 * grains of kinds that back off are kept, only while they fail, so a shard without failing grains
 * pays one {@code isEmpty()} per new activation.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class ActivationFailures {
    private final ShardAgent shard;
    private final Object2ObjectHashMap<GrainId, Failures> failing = new Object2ObjectHashMap<>();

    ActivationFailures(final ShardAgent shard) {
        this.shard = shard;
    }

    /**
     * Why a call to {@code id}, which has no activation, must fail fast now; null when it may try
     * to activate.
     */
    GrainUnavailableException refusal(final GrainId id) {
        if (failing.isEmpty()) {
            return null;
        }
        final Failures f = failing.get(id);
        if (f == null || shard.now() >= f.retryAt) {
            return null;
        }
        shard.counters().increment(shard.index(), MemberCounters.BACKOFF_REJECTIONS);
        return new GrainUnavailableException("activation of " + id + " failed " + f.count + " times in a row (last: "
            + f.cause + "); calls fail fast until " + Instant.ofEpochMilli(f.retryAt) + " (in " + (f.retryAt - shard.now())
            + " ms), when the next call tries again");
    }

    /** An activation of {@code id} failed with {@code cause}. */
    void failed(final GrainId id, final KindRegistration registration, final Throwable cause) {
        shard.counters().increment(shard.index(), MemberCounters.ACTIVATION_FAILURES);
        final Supervision supervision = registration.supervision();
        if (!supervision.backsOff()) {
            return;
        }
        Failures f = failing.get(id);
        if (f == null) {
            f = new Failures();
            failing.put(id, f);
        }
        f.count++;
        f.cause = cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        final long wait = supervision.backOffMillis(f.count);
        f.retryAt = wait == 0 ? Long.MIN_VALUE : saturatedAdd(shard.now(), wait);
        f.lastFailure = shard.now();
        f.maxWait = Math.max(f.maxWait, wait);
    }

    /** An activation of {@code id} succeeded: its back-off ends. */
    void succeeded(final GrainId id) {
        if (!failing.isEmpty()) {
            failing.remove(id);
        }
    }

    /**
     * Forgets grains that have not failed for longer than their longest back-off and the
     * collection age, so a grain that failed once and was never called again is not kept forever.
     */
    void prune(final long now, final long ageMillis) {
        if (failing.isEmpty()) {
            return;
        }
        final ArrayList<GrainId> stale = new ArrayList<>();
        failing.forEach((id, f) -> {
            if (now >= f.retryAt && now - f.lastFailure > Math.max(ageMillis, f.maxWait)) {
                stale.add(id);
            }
        });
        for (final GrainId id : stale) {
            failing.remove(id);
        }
    }

    private static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** How one grain's activations have failed. */
    private static final class Failures {
        int count;
        String cause;
        long retryAt = Long.MIN_VALUE;
        long lastFailure;
        long maxWait;
    }
}
