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
        count++;
        return this;
    }

    byte[] bytes() {
        buffer.putInt(10, count, ORDER);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
