package io.grain.transport.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The frame every message between members starts with (little endian):
 * <pre>
 *  0: u16 magic 0x4752 ("GR")   2: u8 version   3: u8 type   4: i32 sender member id   8: body
 * </pre>
 * Version {@link #VERSION} frames end with the body. Members that hold a {@link ClusterKey} send
 * version {@link #VERSION_AUTHENTICATED} frames instead, which end with a
 * {@value FrameAuthenticator#TAG_LENGTH}-byte MAC of everything before it (header and body).
 * {@link #TYPE_DATA} frames carry one runtime envelope as their body; {@link #TYPE_CONTROL} frames
 * carry the membership provider's protocol. A message too large for one frame goes as a run of
 * {@link #TYPE_CHUNK} frames, whose body starts with a chunk header (the MAC covers it too):
 * <pre>
 *  8: i32 total length of the message   12: i32 offset of this chunk in it   16: the chunk's bytes
 * </pre>
 * Stateless.
 */
public final class Frames {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final short MAGIC = 0x4752;
    /** A frame without a MAC, between members that run without a cluster key. */
    public static final byte VERSION = 1;
    /** A frame that ends with a MAC under the cluster key. */
    public static final byte VERSION_AUTHENTICATED = 2;
    public static final byte TYPE_DATA = 1;
    public static final byte TYPE_CONTROL = 2;
    /** One piece of a message larger than a frame; the pieces follow each other in order. */
    public static final byte TYPE_CHUNK = 3;
    public static final int HEADER_LENGTH = 8;
    /** Bytes a chunk's body starts with: total length and offset. */
    public static final int CHUNK_HEADER_LENGTH = 8;

    /** {@link #check} result: the frame is well formed. */
    public static final String OK = null;

    private Frames() {
    }

    public static void writeHeader(final MutableDirectBuffer buffer, final int offset, final byte version, final byte type,
        final int sender) {
        buffer.putShort(offset, MAGIC, ORDER);
        buffer.putByte(offset + 2, version);
        buffer.putByte(offset + 3, type);
        buffer.putInt(offset + 4, sender, ORDER);
    }

    /** Bytes a frame adds to its body: the header, and the MAC when {@code authenticated}. */
    public static int overhead(final boolean authenticated) {
        return HEADER_LENGTH + (authenticated ? FrameAuthenticator.TAG_LENGTH : 0);
    }

    /**
     * Why the frame's header is malformed for a member that {@code authenticated} (holds a key) or
     * not, or {@link #OK}. Checks length, magic and version; the MAC, type and sender come after.
     * Never echoes the frame's bytes. No allocation when the header is well formed.
     */
    public static String checkHeader(final DirectBuffer buffer, final int offset, final int length) {
        if (length < HEADER_LENGTH) {
            return "truncated frame (shorter than the " + HEADER_LENGTH + "-byte header)";
        }
        if (buffer.getShort(offset, ORDER) != MAGIC) {
            return "bad magic";
        }
        final byte version = buffer.getByte(offset + 2);
        if (version != VERSION && version != VERSION_AUTHENTICATED) {
            return "unsupported frame version";
        }
        return OK;
    }

    public static byte version(final DirectBuffer buffer, final int offset) {
        return buffer.getByte(offset + 2);
    }

    public static byte type(final DirectBuffer buffer, final int offset) {
        return buffer.getByte(offset + 3);
    }

    public static int sender(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + 4, ORDER);
    }

    /** Writes a chunk's header at {@code offset} of a chunk frame's body. */
    public static void writeChunkHeader(final MutableDirectBuffer buffer, final int offset, final int total,
        final int chunkOffset) {
        buffer.putInt(offset, total, ORDER);
        buffer.putInt(offset + 4, chunkOffset, ORDER);
    }

    /** The total length of the message a chunk belongs to; {@code body} is where the frame's body starts. */
    public static int chunkTotal(final DirectBuffer buffer, final int body) {
        return buffer.getInt(body, ORDER);
    }

    /** Where the chunk starts in its message; {@code body} is where the frame's body starts. */
    public static int chunkOffset(final DirectBuffer buffer, final int body) {
        return buffer.getInt(body + 4, ORDER);
    }
}
