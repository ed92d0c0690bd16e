package io.grain.runtime.wire;

import java.util.Arrays;

/**
 * Writes Protobuf wire format into a growable byte array that is reused from call to call.
 *
 * <p>Length-delimited fields whose size is not known up front (embedded messages, packed repeated
 * fields) are written with {@link #beginMessage(int)} / {@link #endMessage(int)}: one byte is
 * reserved for the length, and the body is moved only in the rare case that it needs a longer
 * varint. There is no size pre-pass and no allocation for scalar fields.
 *
 * <p>Not thread safe: a writer belongs to one thread (a shard, or the caller that encodes a call).
 * Generated codecs decide which fields to write (proto3 implicit presence skips zero values); every
 * {@code write} method here writes unconditionally. The typed {@code write} methods trust their
 * field number to lie in {@code [1, ProtoReader.MAX_FIELD_NUMBER]}, as generated code's always do;
 * {@link #writeTag} checks it.
 *
 * <p>Generated codecs write runs of primitive fields without a capacity check per field: the
 * processor knows each such field's worst case (tag plus longest value) when it generates the
 * code, so it makes room for a whole run with one {@link #reserve(int)} and then writes each field
 * with a {@code put} method, whose tag it has computed too. The bytes are those of the matching
 * {@code write} method.
 */
public final class ProtoWriter {
    /** Capacity a new writer starts with. */
    public static final int DEFAULT_INITIAL_CAPACITY = 256;
    /** Largest buffer a writer grows to; an encoding past it fails with {@link WireFormatException}. */
    public static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    /** The length of a UUID on the wire: 16 bytes, most significant first. */
    public static final int UUID_LENGTH = 16;

    private byte[] buffer;
    private int position;
    private int depth;

    public ProtoWriter() {
        this(DEFAULT_INITIAL_CAPACITY);
    }

    public ProtoWriter(final int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
        }
        buffer = new byte[initialCapacity];
    }

    /** Forgets what was written, keeping the buffer for the next message. */
    public ProtoWriter reset() {
        position = 0;
        depth = 0;
        return this;
    }

    /** The backing array; valid bytes are {@code [0, position())}. Replaced when the writer grows. */
    public byte[] buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    /**
     * Makes room for {@code bytes} more bytes, so the {@code put} methods that follow, up to that
     * many bytes in all, need no check of their own.
     */
    public void reserve(final int bytes) {
        ensure(bytes);
    }

    // ---- fields --------------------------------------------------------------------------------

    public void writeBool(final int field, final boolean value) {
        ensure(6);
        position = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        buffer[position++] = (byte)(value ? 1 : 0);
    }

    /** {@code int32}: a plain varint, ten bytes for negative values. */
    public void writeInt32(final int field, final int value) {
        ensure(15);
        final int p = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        position = value >= 0 ? putVarint32(buffer, p, value) : putVarint64(buffer, p, value);
    }

    /** {@code sint32}: zigzag varint, small for small negative values too. */
    public void writeSInt32(final int field, final int value) {
        ensure(10);
        final int p = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        position = putVarint32(buffer, p, (value << 1) ^ (value >> 31));
    }

    /** {@code uint32}: the value's 32 bits as an unsigned varint. */
    public void writeUInt32(final int field, final int value) {
        ensure(10);
        final int p = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        position = putVarint32(buffer, p, value);
    }

    public void writeInt64(final int field, final long value) {
        ensure(15);
        final int p = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        position = putVarint64(buffer, p, value);
    }

    public void writeSInt64(final int field, final long value) {
        ensure(15);
        final int p = putVarint32(buffer, position, WireType.tag(field, WireType.VARINT));
        position = putVarint64(buffer, p, (value << 1) ^ (value >> 63));
    }

    public void writeFloat(final int field, final float value) {
        ensure(9);
        position = putVarint32(buffer, position, WireType.tag(field, WireType.FIXED32));
        putFixed32(Float.floatToRawIntBits(value));
    }

    public void writeDouble(final int field, final double value) {
        ensure(13);
        position = putVarint32(buffer, position, WireType.tag(field, WireType.FIXED64));
        putFixed64(Double.doubleToRawLongBits(value));
    }

    // ---- fields without a capacity check: only after reserve(..) of their worst case -----------
    // tag: the field's whole tag, WireType.tag(field, wire type), computed by the caller

    /** A {@code bool} field; at most the tag's size + 1 bytes. */
    public void putBool(final int tag, final boolean value) {
        final int p = putVarint32(buffer, position, tag);
        buffer[p] = (byte)(value ? 1 : 0);
        position = p + 1;
    }

    /** A {@code sint32} field as {@link #writeSInt32}; at most the tag's size + 5 bytes. */
    public void putSInt32(final int tag, final int value) {
        final int p = putVarint32(buffer, position, tag);
        position = putVarint32(buffer, p, (value << 1) ^ (value >> 31));
    }

    /** A {@code uint32} field as {@link #writeUInt32}; at most the tag's size + 5 bytes (3 for a char). */
    public void putUInt32(final int tag, final int value) {
        final int p = putVarint32(buffer, position, tag);
        position = putVarint32(buffer, p, value);
    }

    /** A {@code sint64} field as {@link #writeSInt64}; at most the tag's size + 10 bytes. */
    public void putSInt64(final int tag, final long value) {
        final int p = putVarint32(buffer, position, tag);
        position = putVarint64(buffer, p, (value << 1) ^ (value >> 63));
    }

    /** A {@code float} field as {@link #writeFloat}; the tag's size + 4 bytes. */
    public void putFloat(final int tag, final float value) {
        position = putVarint32(buffer, position, tag);
        putFixed32(Float.floatToRawIntBits(value));
    }

    /** A {@code double} field as {@link #writeDouble}; the tag's size + 8 bytes. */
    public void putDouble(final int tag, final double value) {
        position = putVarint32(buffer, position, tag);
        putFixed64(Double.doubleToRawLongBits(value));
    }

    /** An enum value by its Protobuf number. */
    public void writeEnum(final int field, final int number) {
        writeInt32(field, number);
    }

    public void writeString(final int field, final String value) {
        writeTag(field, WireType.LENGTH_DELIMITED);
        appendString(value);
    }

    /**
     * A {@link java.util.UUID} as 16 length-delimited bytes, most significant first (a proto
     * {@code bytes} field, the form of {@code GrainRef.uuid_key} too). Allocates nothing.
     */
    public void writeUuid(final int field, final java.util.UUID value) {
        writeTag(field, WireType.LENGTH_DELIMITED);
        appendUInt32(UUID_LENGTH);
        appendFixed64(Long.reverseBytes(value.getMostSignificantBits()));
        appendFixed64(Long.reverseBytes(value.getLeastSignificantBits()));
    }

    public void writeBytes(final int field, final byte[] value) {
        writeBytes(field, value, 0, value.length);
    }

    public void writeBytes(final int field, final byte[] value, final int offset, final int length) {
        writeTag(field, WireType.LENGTH_DELIMITED);
        appendUInt32(length);
        ensure(length);
        System.arraycopy(value, offset, buffer, position, length);
        position += length;
    }

    /**
     * Appends bytes that already are Protobuf wire format, e.g. a whole request message that a
     * gateway received encoded from a client: they become part of the message being written as
     * they are.
     */
    public void appendEncoded(final byte[] value, final int offset, final int length) {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + value.length);
        }
        ensure(length);
        System.arraycopy(value, offset, buffer, position, length);
        position += length;
    }

    /**
     * Starts an embedded message (or packed field) as field {@code field}; write its body, then
     * pass the returned mark to {@link #endMessage(int)}.
     *
     * @throws WireFormatException when messages nest deeper than {@link ProtoReader#MAX_DEPTH},
     *         because no reader would accept the result.
     */
    public int beginMessage(final int field) {
        if (++depth > ProtoReader.MAX_DEPTH) {
            depth = 0;
            throw new WireFormatException("messages nest deeper than " + ProtoReader.MAX_DEPTH);
        }
        writeTag(field, WireType.LENGTH_DELIMITED);
        ensure(1);
        final int mark = position;
        position++;
        return mark;
    }

    /** Ends what {@link #beginMessage(int)} started, filling in its length. */
    public void endMessage(final int mark) {
        depth--;
        final int bodyStart = mark + 1;
        final int length = position - bodyStart;
        final int lengthSize = varintSize(length);
        if (lengthSize > 1) {
            ensure(lengthSize - 1);
            System.arraycopy(buffer, bodyStart, buffer, bodyStart + lengthSize - 1, length);
            position += lengthSize - 1;
        }
        int value = length;
        int at = mark;
        while ((value & ~0x7F) != 0) {
            buffer[at++] = (byte)((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[at] = (byte)value;
    }

    // ---- values without a tag: elements of packed fields, or hand-built messages --------------

    public void writeTag(final int field, final int wireType) {
        if (field < 1 || field > ProtoReader.MAX_FIELD_NUMBER) {
            throw new IllegalArgumentException("field number out of range: " + field);
        }
        appendUInt32(WireType.tag(field, wireType));
    }

    public void appendBool(final boolean value) {
        ensure(1);
        buffer[position++] = (byte)(value ? 1 : 0);
    }

    public void appendInt32(final int value) {
        if (value >= 0) {
            appendUInt32(value);
        } else {
            appendUInt64(value);
        }
    }

    public void appendSInt32(final int value) {
        appendUInt32((value << 1) ^ (value >> 31));
    }

    public void appendUInt32(final int value) {
        ensure(5);
        position = putVarint32(buffer, position, value);
    }

    public void appendInt64(final long value) {
        appendUInt64(value);
    }

    public void appendSInt64(final long value) {
        appendUInt64((value << 1) ^ (value >> 63));
    }

    public void appendUInt64(final long value) {
        ensure(10);
        position = putVarint64(buffer, position, value);
    }

    public void appendFloat(final float value) {
        appendFixed32(Float.floatToRawIntBits(value));
    }

    public void appendDouble(final double value) {
        appendFixed64(Double.doubleToRawLongBits(value));
    }

    public void appendFixed32(final int value) {
        ensure(4);
        putFixed32(value);
    }

    /** Writes four little-endian bytes; the caller has ensured the room. */
    private void putFixed32(final int value) {
        final byte[] b = buffer;
        final int p = position;
        b[p] = (byte)value;
        b[p + 1] = (byte)(value >>> 8);
        b[p + 2] = (byte)(value >>> 16);
        b[p + 3] = (byte)(value >>> 24);
        position = p + 4;
    }

    public void appendFixed64(final long value) {
        ensure(8);
        putFixed64(value);
    }

    /** Writes eight little-endian bytes; the caller has ensured the room. */
    private void putFixed64(final long value) {
        final byte[] b = buffer;
        final int p = position;
        b[p] = (byte)value;
        b[p + 1] = (byte)(value >>> 8);
        b[p + 2] = (byte)(value >>> 16);
        b[p + 3] = (byte)(value >>> 24);
        b[p + 4] = (byte)(value >>> 32);
        b[p + 5] = (byte)(value >>> 40);
        b[p + 6] = (byte)(value >>> 48);
        b[p + 7] = (byte)(value >>> 56);
        position = p + 8;
    }

    /**
     * A length-prefixed UTF-8 string, encoded straight into the buffer. An unpaired surrogate is
     * written as '?', as {@link String#getBytes(java.nio.charset.Charset)} does.
     */
    public void appendString(final String value) {
        final int chars = value.length();
        if (chars < 43) {
            // at most 42 * 3 = 126 bytes: the length fits one byte, so no move is needed
            ensure(1 + chars * 3);
            final int lengthAt = position++;
            encodeUtf8(value, chars);
            buffer[lengthAt] = (byte)(position - lengthAt - 1);
            return;
        }
        final long worstCase = (long)chars * 3;
        if (worstCase > MAX_CAPACITY - 5L) {
            throw new WireFormatException("string of " + chars + " chars is too long to encode");
        }
        ensure(5 + (int)worstCase);
        final int lengthAt = position;
        final int reserved = varintSize((int)worstCase);
        position += reserved;
        encodeUtf8(value, chars);
        final int length = position - lengthAt - reserved;
        final int lengthSize = varintSize(length);
        if (lengthSize < reserved) {
            System.arraycopy(buffer, lengthAt + reserved, buffer, lengthAt + lengthSize, length);
            position -= reserved - lengthSize;
        }
        int v = length;
        int at = lengthAt;
        while ((v & ~0x7F) != 0) {
            buffer[at++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[at] = (byte)v;
    }

    private void encodeUtf8(final String value, final int chars) {
        final byte[] b = buffer;
        int p = position;
        int i = 0;
        for (; i < chars; i++) {
            final char c = value.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte)c;
        }
        for (; i < chars; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte)c;
            } else if (c < 0x800) {
                b[p++] = (byte)(0xC0 | (c >>> 6));
                b[p++] = (byte)(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                b[p++] = (byte)(0xF0 | (cp >>> 18));
                b[p++] = (byte)(0x80 | ((cp >>> 12) & 0x3F));
                b[p++] = (byte)(0x80 | ((cp >>> 6) & 0x3F));
                b[p++] = (byte)(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = (byte)'?';
            } else {
                b[p++] = (byte)(0xE0 | (c >>> 12));
                b[p++] = (byte)(0x80 | ((c >>> 6) & 0x3F));
                b[p++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        position = p;
    }

    /** Writes {@code value} as an unsigned varint at {@code p}; returns the position after it. */
    private static int putVarint32(final byte[] b, final int p, final int value) {
        int at = p;
        int v = value;
        while ((v & ~0x7F) != 0) {
            b[at++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte)v;
        return at;
    }

    private static int putVarint64(final byte[] b, final int p, final long value) {
        int at = p;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            b[at++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte)v;
        return at;
    }

    static int varintSize(final int value) {
        if ((value & (~0 << 7)) == 0) {
            return 1;
        }
        if ((value & (~0 << 14)) == 0) {
            return 2;
        }
        if ((value & (~0 << 21)) == 0) {
            return 3;
        }
        if ((value & (~0 << 28)) == 0) {
            return 4;
        }
        return 5;
    }

    private void ensure(final int extra) {
        final long needed = (long)position + extra;
        if (needed > buffer.length) {
            grow(needed);
        }
    }

    private void grow(final long needed) {
        if (needed > MAX_CAPACITY) {
            throw new WireFormatException("message larger than " + MAX_CAPACITY + " bytes");
        }
        final long doubled = Math.max((long)buffer.length * 2, needed);
        buffer = Arrays.copyOf(buffer, (int)Math.min(doubled, MAX_CAPACITY));
    }
}
