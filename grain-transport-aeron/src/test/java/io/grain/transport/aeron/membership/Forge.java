package io.grain.transport.aeron.membership;

import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Membership messages written byte by byte, so that tests can forge what no encoder would write. */
final class Forge {
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int length = 14;
    private int count;

    /** A gossip message (no reply wanted) to which records are added. */
    static Forge gossip() {
        final Forge f = new Forge();
        f.buffer.putByte(0, GossipCodec.KIND_GOSSIP);
        f.buffer.putByte(1, (byte)0);
        f.buffer.putLong(2, 0L, ORDER);
        return f;
    }

    Forge record(final int id, final long incarnation, final MemberStatus status, final String endpoint, final String driverKey) {
        return record(id, incarnation, status, endpoint.getBytes(StandardCharsets.UTF_8), driverKey.getBytes(StandardCharsets.UTF_8));
    }

    Forge record(final int id, final long incarnation, final MemberStatus status, final byte[] endpoint, final byte[] driverKey) {
        return record(id, incarnation, status, endpoint, driverKey, 0, new byte[] {0});
    }

    /**
     * A record whose state is {@code stateVersion} followed by {@code stateEntries} as given (the
     * count byte and the entries, each {@code u8 k, key, u16 v, value}; see {@link #entry}).
     */
    Forge record(final int id, final long incarnation, final MemberStatus status, final byte[] endpoint, final byte[] driverKey,
        final long stateVersion, final byte[] stateEntries) {
        buffer.putInt(length, id, ORDER);
        buffer.putLong(length + 4, incarnation, ORDER);
        buffer.putByte(length + 12, (byte)status.ordinal());
        buffer.putByte(length + 13, (byte)1);
        length += 14;
        buffer.putShort(length, (short)endpoint.length, ORDER);
        buffer.putBytes(length + 2, endpoint);
        length += 2 + endpoint.length;
        buffer.putShort(length, (short)driverKey.length, ORDER);
        buffer.putBytes(length + 2, driverKey);
        length += 2 + driverKey.length;
        buffer.putLong(length, stateVersion, ORDER);
        buffer.putBytes(length + 8, stateEntries);
        length += 8 + stateEntries.length;
        count++;
        return this;
    }

    /** One state entry as the codec lays it out, lengths as given (so they may lie). */
    static byte[] entry(final int keyLength, final String key, final int valueLength, final String value) {
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        final byte[] v = value.getBytes(StandardCharsets.UTF_8);
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
        b.putByte(0, (byte)keyLength);
        b.putBytes(1, k);
        b.putShort(1 + k.length, (short)valueLength, ORDER);
        b.putBytes(3 + k.length, v);
        final byte[] out = new byte[3 + k.length + v.length];
        b.getBytes(0, out);
        return out;
    }

    /** A count byte followed by the entries. */
    static byte[] entries(final int count, final byte[]... entries) {
        int n = 1;
        for (final byte[] e : entries) {
            n += e.length;
        }
        final byte[] out = new byte[n];
        out[0] = (byte)count;
        int at = 1;
        for (final byte[] e : entries) {
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        return out;
    }

    byte[] bytes() {
        buffer.putInt(10, count, ORDER);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
