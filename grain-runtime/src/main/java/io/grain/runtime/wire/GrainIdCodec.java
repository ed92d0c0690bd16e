package io.grain.runtime.wire;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainReference;

/**
 * The wire form of a grain reference, the message {@code GrainRef} of every generated .proto:
 * <pre>
 * message GrainRef {
 *   string kind = 1;
 *   oneof key { string string_key = 2; sint64 long_key = 3; bytes uuid_key = 4; }  // uuid: 16 bytes, big-endian
 * }
 * </pre>
 */
public final class GrainIdCodec {
    private static final int KIND = 1;
    private static final int STRING_KEY = 2;
    private static final int LONG_KEY = 3;
    private static final int UUID_KEY = 4;

    private GrainIdCodec() {
    }

    /**
     * The size pass of a reference field: its bytes with their length prefix, not its tag; records
     * the lengths {@link #putReference} writes.
     *
     * @param where names the argument or component for the error when {@code reference} is not a
     *              grain reference (a grain's own {@code this}, say).
     */
    public static long sizeReference(final ProtoWriter writer, final Object reference, final String where) {
        if (!(reference instanceof GrainReference)) {
            throw notAReference(reference, where);
        }
        final GrainId id = ((GrainReference)reference).grainId();
        final int slot = writer.beginSize();
        long body = 1 + writer.sizeString(id.kind());
        switch (id.keyType()) {
            case STRING:
                body += 1 + writer.sizeString(id.stringKey());
                break;
            case LONG:
                body += 1 + ProtoSizes.sint64(id.longKey());
                break;
            default:
                body += 1 + 1 + ProtoWriter.UUID_LENGTH;
        }
        return writer.endSize(slot, body);
    }

    /** The write pass of a reference field sized by {@link #sizeReference}; {@code tag} is its whole tag. */
    public static void putReference(final ProtoWriter writer, final int tag, final Object reference) {
        final GrainId id = ((GrainReference)reference).grainId();
        final int end = writer.beginSized(tag);
        writer.putString(WireType.tag(KIND, WireType.LENGTH_DELIMITED), id.kind());
        switch (id.keyType()) {
            case STRING:
                writer.putString(WireType.tag(STRING_KEY, WireType.LENGTH_DELIMITED), id.stringKey());
                break;
            case LONG:
                writer.putSInt64(WireType.tag(LONG_KEY, WireType.VARINT), id.longKey());
                break;
            default:
                writer.putUuid(WireType.tag(UUID_KEY, WireType.LENGTH_DELIMITED), id.uuidKey());
        }
        writer.endSized(end);
    }

    private static IllegalArgumentException notAReference(final Object reference, final String where) {
        return new IllegalArgumentException(where + " is a " + reference.getClass().getName()
            + ", not a grain reference; pass a client from grains().get(...) or GrainContext.self(...)");
    }

    /** Writes the fields of {@code id}. */
    public static void write(final ProtoWriter writer, final GrainId id) {
        writer.writeString(KIND, id.kind());
        switch (id.keyType()) {
            case STRING:
                writer.writeString(STRING_KEY, id.stringKey());
                break;
            case LONG:
                writer.writeSInt64(LONG_KEY, id.longKey());
                break;
            default:
                writer.writeUuid(UUID_KEY, id.uuidKey());
        }
    }

    /**
     * Reads the embedded reference that the reader's last tag introduced and checks its kind.
     */
    public static GrainId readReference(final ProtoReader reader, final String expectedKind) {
        final int outer = reader.beginMessage();
        final GrainId id = read(reader);
        reader.endMessage(outer);
        if (!id.kind().equals(expectedKind)) {
            throw new WireFormatException("grain reference " + id + " has kind '" + id.kind() + "', expected '" + expectedKind + "'");
        }
        return id;
    }

    /** Reads the fields of a {@code GrainRef} up to the end of the current message. */
    public static GrainId read(final ProtoReader reader) {
        String kind = "";
        GrainId.KeyType keyType = null;
        String stringKey = null;
        long longKey = 0;
        java.util.UUID uuidKey = null;
        int tag;
        while ((tag = reader.readTag()) != 0) {
            switch (WireType.fieldNumber(tag)) {
                case KIND:
                    reader.expect(tag, WireType.LENGTH_DELIMITED, "GrainRef.kind");
                    kind = reader.readString();
                    break;
                case STRING_KEY:
                    reader.expect(tag, WireType.LENGTH_DELIMITED, "GrainRef.string_key");
                    stringKey = reader.readString();
                    keyType = GrainId.KeyType.STRING;
                    break;
                case LONG_KEY:
                    reader.expect(tag, WireType.VARINT, "GrainRef.long_key");
                    longKey = reader.readSInt64();
                    keyType = GrainId.KeyType.LONG;
                    break;
                case UUID_KEY:
                    reader.expect(tag, WireType.LENGTH_DELIMITED, "GrainRef.uuid_key");
                    uuidKey = reader.readUuid("GrainRef.uuid_key");
                    keyType = GrainId.KeyType.UUID;
                    break;
                default:
                    reader.skipField(tag);
            }
        }
        if (kind.isEmpty()) {
            throw new WireFormatException("GrainRef has no kind");
        }
        if (keyType == null) {
            throw new WireFormatException("GrainRef " + kind + " has no key");
        }
        switch (keyType) {
            case STRING: return GrainId.of(kind, stringKey);
            case LONG: return GrainId.of(kind, longKey);
            default: return GrainId.of(kind, uuidKey);
        }
    }
}
