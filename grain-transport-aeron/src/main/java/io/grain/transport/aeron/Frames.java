package io.grain.transport.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The frame every message between members starts with (little endian):
 * <pre>
 *  0: u16 magic 0x4752 ("GR")   2: u8 version   3: u8 type   4: i32 sender member id   8: body
 * </pre>
 * {@link #TYPE_DATA} frames carry one runtime envelope as their body; {@link #TYPE_CONTROL} frames
 * carry the membership provider's protocol. Stateless.
 */
public final class Frames {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final short MAGIC = 0x4752;
    public static final byte VERSION = 1;
    public static final byte TYPE_DATA = 1;
    public static final byte TYPE_CONTROL = 2;
    public static final int HEADER_LENGTH = 8;

    /** {@link #check} result: the frame is well formed. */
    public static final String OK = null;

    private Frames() {
    }

    public static void writeHeader(final MutableDirectBuffer buffer, final int offset, final byte type, final int sender) {
        buffer.putShort(offset, MAGIC, ORDER);
        buffer.putByte(offset + 2, VERSION);
        buffer.putByte(offset + 3, type);
        buffer.putInt(offset + 4, sender, ORDER);
    }

    /** Why the frame is malformed, or {@link #OK}. No allocation when it is well formed. */
    public static String check(final DirectBuffer buffer, final int offset, final int length) {
        if (length < HEADER_LENGTH) {
            return "truncated frame of " + length + " bytes (header is " + HEADER_LENGTH + ")";
        }
        if (buffer.getShort(offset, ORDER) != MAGIC) {
            return "bad magic 0x" + Integer.toHexString(buffer.getShort(offset, ORDER) & 0xFFFF);
        }
        if (buffer.getByte(offset + 2) != VERSION) {
            return "unsupported frame version " + buffer.getByte(offset + 2);
        }
        final byte type = buffer.getByte(offset + 3);
        if (type != TYPE_DATA && type != TYPE_CONTROL) {
            return "unknown frame type " + type;
        }
        return OK;
    }

    public static byte type(final DirectBuffer buffer, final int offset) {
        return buffer.getByte(offset + 3);
    }

    public static int sender(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + 4, ORDER);
    }
}
