package io.grain.runtime.wire;

/**
 * The encoded size of Protobuf wire values, for the size pass of generated encoders (see
 * {@link ProtoWriter#beginSizes()}). Stateless; every method is a pure function of its argument.
 */
public final class ProtoSizes {
    private ProtoSizes() {
    }

    /** Bytes of {@code value} as an unsigned varint: 1 to 5. */
    public static int varint32(final int value) {
        // 32 bits need 5 groups of 7; each leading zero bit shaves off a seventh of a group
        return (31 - Integer.numberOfLeadingZeros(value | 1)) / 7 + 1;
    }

    /** Bytes of {@code value} as an unsigned varint: 1 to 10. */
    public static int varint64(final long value) {
        return (63 - Long.numberOfLeadingZeros(value | 1)) / 7 + 1;
    }

    /** Bytes of a zigzag {@code sint32}. */
    public static int sint32(final int value) {
        return varint32((value << 1) ^ (value >> 31));
    }

    /** Bytes of a zigzag {@code sint64}. */
    public static int sint64(final long value) {
        return varint64((value << 1) ^ (value >> 63));
    }

    /** Bytes of a length-delimited value of {@code length} bytes: its length prefix and itself. */
    public static long lengthDelimited(final int length) {
        return varint32(length) + (long)length;
    }

    /**
     * The UTF-8 length of {@code value} as {@link ProtoWriter} encodes it: an unpaired surrogate
     * takes one byte ('?'), a surrogate pair four.
     */
    public static long utf8Length(final String value) {
        // the ASCII loop is kept small so the JIT inlines it; the rest is counted out of line
        final int chars = value.length();
        for (int i = 0; i < chars; i++) {
            if (value.charAt(i) >= 0x80) {
                return utf8LengthFrom(value, chars, i);
            }
        }
        return chars;
    }

    private static long utf8LengthFrom(final String value, final int chars, final int from) {
        long bytes = from;
        for (int i = from; i < chars; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
