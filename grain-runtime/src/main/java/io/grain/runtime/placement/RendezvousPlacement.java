package io.grain.runtime.placement;

import io.grain.runtime.GrainId;
import io.grain.runtime.membership.MembershipView;

/**
 * Rendezvous (highest random weight) hashing of grain ids over live members: every member scores
 * {@code mix(hash(id), member)} and the highest score owns the grain. When a member joins, only
 * the grains it now wins move to it; when a member goes, only its grains move, spread over the
 * survivors. The hash of an id is {@link GrainId#hashCode()}, which is defined on
 * {@code String.hashCode}, so every JVM agrees. Stateless; no allocation.
 */
public final class RendezvousPlacement {
    /** {@link #owner} of an empty view. */
    public static final int NO_MEMBER = -1;

    private RendezvousPlacement() {
    }

    /** The member that owns {@code id} in {@code view}, or {@link #NO_MEMBER}. */
    public static int owner(final GrainId id, final MembershipView view) {
        return ownerOfHash(hash(id), view);
    }

    /**
     * The hash placement scores {@code id} by: compute it once per call and pass it to
     * {@link #ownerOfHash} and {@link #shardOfHash}, which give the same answers as {@link #owner}
     * and {@link #shard}.
     */
    public static long hash(final GrainId id) {
        return mix(id.hashCode());
    }

    /** {@link #owner} of the id whose {@link #hash} is {@code idHash}; a view of one member needs no scoring. */
    public static int ownerOfHash(final long idHash, final MembershipView view) {
        final int n = view.size();
        if (n == 1) {
            return view.member(0);
        }
        int best = NO_MEMBER;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            final int member = view.member(i);
            final long score = mix(idHash ^ (member * 0x9E3779B97F4A7C15L));
            if (best == NO_MEMBER || score > bestScore) {
                best = member;
                bestScore = score;
            }
        }
        return best;
    }

    /** Which of a member's {@code shards} hosts {@code id}. */
    public static int shard(final GrainId id, final int shards) {
        return shardOfHash(hash(id), shards);
    }

    /** {@link #shard} of the id whose {@link #hash} is {@code idHash}. */
    public static int shardOfHash(final long idHash, final int shards) {
        return (int)((idHash >>> 1) % shards);
    }

    /** SplitMix64's finalizer. */
    public static long mix(final long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
