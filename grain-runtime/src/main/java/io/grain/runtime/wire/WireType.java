package io.grain.runtime.wire;

/**
 * The Protobuf wire types Grain reads and writes. Groups (3 and 4) are deprecated in Protobuf and
 * are rejected by {@link ProtoReader}.
 */
public final class WireType {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    /** Bits of a tag that hold the wire type. */
    static final int MASK = 7;
    static final int BITS = 3;

    private WireType() {
    }

    public static int tag(final int fieldNumber, final int wireType) {
        return (fieldNumber << BITS) | wireType;
    }

    public static int fieldNumber(final int tag) {
        return tag >>> BITS;
    }

    public static int of(final int tag) {
        return tag & MASK;
    }

    static String name(final int wireType) {
        switch (wireType) {
            case VARINT: return "varint";
            case FIXED64: return "fixed64";
            case LENGTH_DELIMITED: return "length-delimited";
            case START_GROUP: return "start-group";
            case END_GROUP: return "end-group";
            case FIXED32: return "fixed32";
            default: return "invalid wire type " + wireType;
        }
    }
}
