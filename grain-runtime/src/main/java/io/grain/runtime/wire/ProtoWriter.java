package io.grain.runtime.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * <p><b>Sized writes.</b> Generated codecs size a message once and then write it without a
 * capacity check per write. {@link #beginSizes()} starts the size pass: it adds up each field's
 * size ({@link ProtoSizes}), and for every embedded message, packed field and string it records the
 * length on a table in this writer ({@link #beginSize()}/{@link #endSize(int, long)},
 * {@link #sizeString(String)}), bottom-up, so a nested message is sized once however deep it sits.
 * One {@link #reserve(long)} makes room for the whole message. The write pass then uses the
 * {@code put} methods, which check nothing but read the recorded lengths in the same order
 * ({@link #beginSized(int)}, {@link #putString(int, String)}); primitives, whose worst case the
 * processor knows (tag plus longest value), are reserved at that worst case and need no size at
 * run time. The bytes are those of the matching {@code write} methods. Should a value change
 * between the passes (a collection modified by another thread, an accessor that answers
 * differently each call), the write pass finds a length that disagrees and throws
 * {@link IllegalStateException}; it never sends a message whose lengths are wrong.
 */
public final class ProtoWriter {
    /** Capacity a new writer starts with. */
    public static final int DEFAULT_INITIAL_CAPACITY = 256;
    /** Largest buffer a writer grows to; an encoding past it fails with {@link WireFormatException}. */
    public static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    /** The length of a UUID on the wire: 16 bytes, most significant first. */
    public static final int UUID_LENGTH = 16;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer;
    private int position;
    private int depth;

    // the lengths the size pass recorded, in the order the write pass reads them
    private int[] sizes = new int[16];
    private int sizeCount;
    private int sizeNext;
    private int sizeDepth;

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

    /**
     * Makes room for {@code bytes} more bytes, the size of a whole message found by a size pass.
     *
     * @throws WireFormatException when the message would be larger than {@link #MAX_CAPACITY}.
     */
    public void reserve(final long bytes) {
        final long needed = position + bytes;
        if (needed > buffer.length) {
            grow(needed);
        }
    }

    // ---- the size pass: lengths recorded for the write pass -------------------------------------

    /** Starts the size pass of a message: forgets the lengths recorded for the last one. */
    public void beginSizes() {
        sizeCount = 0;
        sizeNext = 0;
        sizeDepth = depth;
    }

    /**
     * Claims the slot of an embedded message (or packed field) about to be sized, before the
     * messages inside it claim theirs, so the write pass finds the lengths in the order it writes.
     *
     * @throws WireFormatException when messages nest deeper than {@link ProtoReader#MAX_DEPTH}.
     */
    public int beginSize() {
        if (++sizeDepth > ProtoReader.MAX_DEPTH) {
            throw new WireFormatException("messages nest deeper than " + ProtoReader.MAX_DEPTH);
        }
        return claimSize();
    }

    /**
     * Records the body size of what {@link #beginSize()} started.
     *
     * @return the bytes the body takes with its length prefix (not its tag).
     */
    public long endSize(final int slot, final long body) {
        sizeDepth--;
        if (body > MAX_CAPACITY) {
            throw new WireFormatException("message larger than " + MAX_CAPACITY + " bytes");
        }
        sizes[slot] = (int)body;
        return ProtoSizes.lengthDelimited((int)body);
    }

    /**
     * Sizes a string field's value and records its UTF-8 length for {@link #putString}.
     *
     * @return the bytes the string takes with its length prefix (not its tag).
     */
    public long sizeString(final String value) {
        final long length = ProtoSizes.utf8Length(value);
        if (length > MAX_CAPACITY - 5L) {
            throw new WireFormatException("string of " + value.length() + " chars is too long to encode");
        }
        final int slot = claimSize(); // before reading the field: claiming may grow the table
        sizes[slot] = (int)length;
        return ProtoSizes.lengthDelimited((int)length);
    }

    private int claimSize() {
        if (sizeCount == sizes.length) {
            sizes = Arrays.copyOf(sizes, sizes.length * 2);
        }
        return sizeCount++;
    }

    // ---- the write pass: no capacity checks, after reserve(..) of the size pass's total ---------

    /**
     * Writes the tag of an embedded message (or packed field) and the length the size pass
     * recorded for it.
     *
     * @return the position its body must end at, for {@link #endSized(int)}.
     */
    public int beginSized(final int tag) {
        final int length = sizes[sizeNext++];
        final int p = putVarint32(buffer, putVarint32(buffer, position, tag), length);
        position = p;
        return p + length;
    }

    /** Checks that the body {@link #beginSized(int)} started ended where its recorded length said. */
    public void endSized(final int end) {
        if (position != end) {
            throw changedWhileWritten();
        }
    }

    /** A string field with the UTF-8 length {@link #sizeString(String)} recorded for it. */
    public void putString(final int tag, final String value) {
        final int length = sizes[sizeNext++];
        final int start = putVarint32(buffer, putVarint32(buffer, position, tag), length);
        final int end = encodeUtf8(buffer, start, value, value.length());
        if (end - start != length) {
            throw changedWhileWritten();
        }
        position = end;
    }

    /** A bytes field; its size is the array's length, so the size pass records nothing. */
    public void putBytes(final int tag, final byte[] value) {
        final int length = value.length;
        final int p = putVarint32(buffer, putVarint32(buffer, position, tag), length);
        System.arraycopy(value, 0, buffer, p, length);
        position = p + length;
    }

    /** A UUID field as {@link #writeUuid}: the tag's size + 17 bytes. */
    public void putUuid(final int tag, final java.util.UUID value) {
        final int p = putVarint32(buffer, position, tag);
        buffer[p] = UUID_LENGTH;
        LONG_LE.set(buffer, p + 1, Long.reverseBytes(value.getMostSignificantBits()));
        LONG_LE.set(buffer, p + 9, Long.reverseBytes(value.getLeastSignificantBits()));
        position = p + 1 + UUID_LENGTH;
    }

    /** An element of a packed {@code bool} field. */
    public void putBoolValue(final boolean value) {
        buffer[position++] = (byte)(value ? 1 : 0);
    }

    /** An element of a packed {@code sint32} field. */
    public void putSInt32Value(final int value) {
        position = putVarint32(buffer, position, (value << 1) ^ (value >> 31));
    }

    /** An element of a packed {@code uint32} field (a char). */
    public void putUInt32Value(final int value) {
        position = putVarint32(buffer, position, value);
    }

    /** An element of a packed {@code sint64} field. */
    public void putSInt64Value(final long value) {
        position = putVarint64(buffer, position, (value << 1) ^ (value >> 63));
    }

    /** An element of a packed {@code float} field. */
    public void putFloatValue(final float value) {
        INT_LE.set(buffer, position, Float.floatToRawIntBits(value));
        position += 4;
    }

    /** An element of a packed {@code double} field. */
    public void putDoubleValue(final double value) {
        LONG_LE.set(buffer, position, Double.doubleToRawLongBits(value));
        position += 8;
    }

    /** Writes a tag and a length prefix; the caller fills the {@code length} bytes and calls {@link #advance}. */
    int putLengthPrefix(final int tag, final int length) {
        position = putVarint32(buffer, putVarint32(buffer, position, tag), length);
        return position;
    }

    /** Moves past {@code bytes} bytes that were filled in through {@link #buffer()}. */
    void advance(final int bytes) {
        position += bytes;
    }

    private static IllegalStateException changedWhileWritten() {
        return new IllegalStateException("a value changed while its message was written: its size differs from the one"
            + " measured just before (a collection modified by another thread, or an accessor that answers differently"
            + " each call?)");
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
        // one store (and one bounds check) rather than four
        INT_LE.set(buffer, position, value);
        position += 4;
    }

    public void appendFixed64(final long value) {
        ensure(8);
        putFixed64(value);
    }

    /** Writes eight little-endian bytes; the caller has ensured the room. */
    private void putFixed64(final long value) {
        LONG_LE.set(buffer, position, value);
        position += 8;
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
        position = encodeUtf8(buffer, position, value, chars);
    }

    /**
     * Encodes {@code value} at {@code start} (room for it ensured); returns the position after it.
     * The ASCII loop is kept small so the JIT inlines it into the generated writers; the rest of a
     * string from its first other char on is encoded out of line.
     */
    private static int encodeUtf8(final byte[] b, final int start, final String value, final int chars) {
        int p = start;
        for (int i = 0; i < chars; i++) {
            final char c = value.charAt(i);
            if (c >= 0x80) {
                return encodeUtf8From(b, p, value, chars, i);
            }
            b[p++] = (byte)c;
        }
        return p;
    }

    private static int encodeUtf8From(final byte[] b, final int start, final String value, final int chars, final int from) {
        int p = start;
        for (int i = from; i < chars; i++) {
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
        return p;
    }

    /**
     * Writes {@code value} as an unsigned varint at {@code p}; returns the position after it.
     * Unrolled: no loop (and no safepoint poll) per byte, and a constant tag folds to one store.
     */
    private static int putVarint32(final byte[] b, final int p, final int value) {
        if ((value & ~0x7F) == 0) {
            b[p] = (byte)value;
            return p + 1;
        }
        b[p] = (byte)(value | 0x80);
        if ((value >>> 14) == 0) {
            b[p + 1] = (byte)(value >>> 7);
            return p + 2;
        }
        b[p + 1] = (byte)((value >>> 7) | 0x80);
        if ((value >>> 21) == 0) {
            b[p + 2] = (byte)(value >>> 14);
            return p + 3;
        }
        b[p + 2] = (byte)((value >>> 14) | 0x80);
        if ((value >>> 28) == 0) {
            b[p + 3] = (byte)(value >>> 21);
            return p + 4;
        }
        b[p + 3] = (byte)((value >>> 21) | 0x80);
        b[p + 4] = (byte)(value >>> 28);
        return p + 5;
    }

    /** As {@link #putVarint32}, in at most three steps of 28 bits (4 + 4 + 2 bytes). */
    private static int putVarint64(final byte[] b, final int p, final long value) {
        if ((value >>> 28) == 0) {
            return putVarint32(b, p, (int)value);
        }
        putGroupOf4(b, p, (int)value);
        final long high = value >>> 28;
        if ((high >>> 28) == 0) {
            return putVarint32(b, p + 4, (int)high);
        }
        putGroupOf4(b, p + 4, (int)high);
        return putVarint32(b, p + 8, (int)(high >>> 28));
    }

    /** The low 28 bits of {@code value} as four varint bytes, each with its continuation bit. */
    private static void putGroupOf4(final byte[] b, final int p, final int value) {
        b[p] = (byte)(value | 0x80);
        b[p + 1] = (byte)((value >>> 7) | 0x80);
        b[p + 2] = (byte)((value >>> 14) | 0x80);
        b[p + 3] = (byte)((value >>> 21) | 0x80);
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
