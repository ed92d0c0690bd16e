package io.grain.runtime.envelope;

import io.grain.runtime.GrainId;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.wire.GrainIdCodec;
import io.grain.runtime.wire.ProtoReader;

import java.util.Arrays;

/**
 * The grain ids of recently decoded envelopes, keyed by the bytes of their {@code GrainRef}, so a
 * request for a grain that is called again and again decodes to the same {@link GrainId} without
 * allocating its kind, key or id. Direct mapped: a slot holds the last reference that hashed to it,
 * and a miss decodes with {@link GrainIdCodec#read} and takes the slot. Equal bytes always decode
 * to equal ids, so a hit is exact.
 *
 * <p>Thread ownership: one instance per decoding thread (the shard that polls the transport).
 */
public final class GrainIdCache {
    /** Slots of the cache a shard uses by default (a power of two). */
    public static final int DEFAULT_SLOTS = 4096;
    /** References longer than this many bytes are decoded every time, never cached. */
    public static final int MAX_CACHED_LENGTH = 128;

    private final int mask;
    private final byte[][] keys;
    private final int[] lengths;
    private final GrainId[] ids;

    public GrainIdCache(final int slots) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a positive power of two: " + slots);
        }
        this.mask = slots - 1;
        this.keys = new byte[slots][];
        this.lengths = new int[slots];
        this.ids = new GrainId[slots];
    }

    /**
     * Reads the fields of a {@code GrainRef} up to the end of the current message of {@code in},
     * as {@link GrainIdCodec#read} does, answering from the cache when these bytes were seen.
     */
    public GrainId read(final ProtoReader in) {
        final byte[] buffer = in.buffer();
        final int start = in.position();
        final int length = in.remaining();
        if (length > MAX_CACHED_LENGTH) {
            return GrainIdCodec.read(in);
        }
        final int slot = (int)RendezvousPlacement.mix(hash(buffer, start, length)) & mask;
        final byte[] key = keys[slot];
        if (key != null && lengths[slot] == length && Arrays.equals(key, 0, length, buffer, start, start + length)) {
            in.skip(length);
            return ids[slot];
        }
        final GrainId id = GrainIdCodec.read(in);
        final byte[] stored = key != null ? key : new byte[MAX_CACHED_LENGTH];
        System.arraycopy(buffer, start, stored, 0, length);
        keys[slot] = stored;
        lengths[slot] = length;
        ids[slot] = id;
        return id;
    }

    private static int hash(final byte[] buffer, final int start, final int length) {
        int h = length;
        for (int i = start, end = start + length; i < end; i++) {
            h = 31 * h + buffer[i];
        }
        return h;
    }
}
