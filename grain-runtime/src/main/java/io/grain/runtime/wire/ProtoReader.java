package io.grain.runtime.wire;

import io.grain.runtime.dispatch.CallInvoker;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Reads Protobuf wire format from a byte array, with every length and count checked against the
 * bytes that are actually there.
 *
 * <p>Limits, so that bad bytes end in a {@link WireFormatException} and never in a hang, an
 * {@code OutOfMemoryError} or a {@code StackOverflowError}:
 * <ul>
 *   <li>a length prefix may not pass the end of the enclosing message, so nothing allocated
 *       while decoding is larger than the input itself;</li>
 *   <li>every element of a repeated field takes at least one input byte, so collection sizes are
 *       bounded by the input length too;</li>
 *   <li>embedded messages nest at most {@link #MAX_DEPTH} deep;</li>
 *   <li>a varint is at most ten bytes; groups and the invalid wire types 6 and 7 are refused.</li>
 * </ul>
 * Strings are decoded leniently: malformed UTF-8 becomes U+FFFD, as {@link String} does.
 *
 * <p>A reader may carry the {@link CallInvoker} that grain references decoded from it will send
 * their calls through.
 *
 * <p>Not thread safe: a reader belongs to one thread and is reused by {@link #wrap}.
 */
public final class ProtoReader {
    /** Deepest nesting of embedded messages accepted (and written, see {@link ProtoWriter}). */
    public static final int MAX_DEPTH = 64;
    /** Largest field number Protobuf allows. */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private static final byte[] EMPTY = new byte[0];

    private byte[] buffer = EMPTY;
    private int position;
    private int limit;
    private int depth;
    private CallInvoker invoker;

    public ProtoReader() {
    }

    public ProtoReader(final byte[] buffer) {
        wrap(buffer, 0, buffer.length);
    }

    /** Points this reader at {@code length} bytes of {@code buffer} from {@code offset}. */
    public ProtoReader wrap(final byte[] buffer, final int offset, final int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + buffer.length);
        }
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.depth = 0;
        return this;
    }

    /** Sets where calls on decoded grain references go; {@code null} refuses grain references. */
    public ProtoReader invoker(final CallInvoker invoker) {
        this.invoker = invoker;
        return this;
    }

    /** The invoker decoded grain references send through. */
    public CallInvoker invoker() {
        if (invoker == null) {
            throw new WireFormatException("a grain reference arrived, but this reader has no CallInvoker to bind it to");
        }
        return invoker;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    /** Bytes left in the current message. */
    public int remaining() {
        return limit - position;
    }

    // ---- tags and structure ----------------------------------------------------------------------

    /**
     * The next field's tag, or 0 at the end of the current message.
     *
     * @throws WireFormatException for field number 0 or an invalid wire type.
     */
    public int readTag() {
        if (position == limit) {
            return 0;
        }
        final long tag = readRawVarint64();
        if (tag > 0xFFFF_FFFFL || WireType.fieldNumber((int)tag) == 0) {
            throw new WireFormatException("invalid tag " + tag + " at offset " + position);
        }
        final int wireType = WireType.of((int)tag);
        if (wireType == WireType.START_GROUP || wireType == WireType.END_GROUP) {
            throw new WireFormatException("field " + WireType.fieldNumber((int)tag) + " is a group; groups are not supported");
        }
        if (wireType > WireType.FIXED32) {
            throw new WireFormatException("field " + WireType.fieldNumber((int)tag) + " has invalid wire type " + wireType);
        }
        return (int)tag;
    }

    /**
     * Checks that the field read with {@code tag} has {@code wireType}.
     *
     * @param where names the message and field for the error, e.g. {@code "Profile.name"}.
     */
    public void expect(final int tag, final int wireType, final String where) {
        if (WireType.of(tag) != wireType) {
            throw new WireFormatException(where + " (field " + WireType.fieldNumber(tag) + ") expected "
                + WireType.name(wireType) + " but got " + WireType.name(WireType.of(tag)));
        }
    }

    /** Skips the value of a field this reader does not know, so newer messages decode too. */
    public void skipField(final int tag) {
        switch (WireType.of(tag)) {
            case WireType.VARINT:
                readRawVarint64();
                break;
            case WireType.FIXED64:
                skip(8);
                break;
            case WireType.LENGTH_DELIMITED:
                skip(readLength());
                break;
            case WireType.FIXED32:
                skip(4);
                break;
            default:
                throw new WireFormatException("cannot skip wire type " + WireType.of(tag));
        }
    }

    /**
     * Enters a length-delimited value (an embedded message, a packed field) just read as a tag;
     * read until {@link #readTag()} returns 0 (or {@link #remaining()} is 0), then pass the result
     * to {@link #endMessage(int)}.
     */
    public int beginMessage() {
        if (++depth > MAX_DEPTH) {
            throw new WireFormatException("messages nest deeper than " + MAX_DEPTH);
        }
        final int length = readLength();
        final int outerLimit = limit;
        limit = position + length;
        return outerLimit;
    }

    /**
     * Reads the embedded message that the last tag introduced with {@code decoder}, which reads its
     * fields up to the end. Generated codecs pass static method references, so nothing is allocated.
     */
    public <T> T readMessage(final Function<ProtoReader, T> decoder) {
        final int outerLimit = beginMessage();
        final T value = decoder.apply(this);
        endMessage(outerLimit);
        return value;
    }

    /** Leaves what {@link #beginMessage()} entered; its bytes must all have been read. */
    public void endMessage(final int outerLimit) {
        if (position != limit) {
            throw new WireFormatException("embedded message not fully read");
        }
        depth--;
        limit = outerLimit;
    }

    // ---- scalar values ---------------------------------------------------------------------------

    public boolean readBool() {
        return readRawVarint64() != 0;
    }

    public int readInt32() {
        return (int)readRawVarint64();
    }

    public int readSInt32() {
        final int n = (int)readRawVarint64();
        return (n >>> 1) ^ -(n & 1);
    }

    public int readUInt32() {
        return (int)readRawVarint64();
    }

    public long readInt64() {
        return readRawVarint64();
    }

    public long readSInt64() {
        final long n = readRawVarint64();
        return (n >>> 1) ^ -(n & 1);
    }

    public int readEnum() {
        return readInt32();
    }

    public float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    public int readFixed32() {
        need(4);
        final byte[] b = buffer;
        final int p = position;
        position = p + 4;
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    public long readFixed64() {
        final long low = readFixed32() & 0xFFFF_FFFFL;
        final long high = readFixed32() & 0xFFFF_FFFFL;
        return low | high << 32;
    }

    public String readString() {
        final int length = readLength();
        final String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /**
     * Reads a {@link java.util.UUID} written by {@link ProtoWriter#writeUuid}: a length of exactly
     * {@link ProtoWriter#UUID_LENGTH} and the bytes, most significant first.
     *
     * @param where names the field for the error, e.g. {@code "Item.id"}.
     */
    public java.util.UUID readUuid(final String where) {
        final int length = readLength();
        if (length != ProtoWriter.UUID_LENGTH) {
            throw new WireFormatException(where + ": a UUID is " + ProtoWriter.UUID_LENGTH + " bytes, not " + length);
        }
        final long high = Long.reverseBytes(readFixed64());
        final long low = Long.reverseBytes(readFixed64());
        return new java.util.UUID(high, low);
    }

    public byte[] readBytes() {
        final int length = readLength();
        final byte[] value = new byte[length];
        System.arraycopy(buffer, position, value, 0, length);
        position += length;
        return value;
    }

    /**
     * Reads a length prefix and checks that that many bytes remain in the current message; the
     * caller then reads or {@link #skip(int)}s exactly those bytes.
     */
    public int readLength() {
        final long length = readRawVarint64();
        if (length < 0 || length > limit - position) {
            throw new WireFormatException("length " + length + " at offset " + position + " runs past the end of the message ("
                + (limit - position) + " bytes left)");
        }
        return (int)length;
    }

    public void skip(final int length) {
        need(length);
        position += length;
    }

    /** A value that must fit a narrower Java type (byte, short, char), or a clear error. */
    public static int checkRange(final int value, final int min, final int max, final String where) {
        if (value < min || value > max) {
            throw new WireFormatException(where + ": value " + value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    private long readRawVarint64() {
        final byte[] b = buffer;
        int p = position;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                throw new WireFormatException("truncated varint at offset " + position);
            }
            final byte next = b[p++];
            result |= (long)(next & 0x7F) << shift;
            if (next >= 0) {
                position = p;
                return result;
            }
        }
        throw new WireFormatException("malformed varint (more than ten bytes) at offset " + position);
    }

    private void need(final int length) {
        if (length < 0 || length > limit - position) {
            throw new WireFormatException("truncated message: need " + length + " bytes at offset " + position + ", "
                + (limit - position) + " left");
        }
    }
}
