package io.grain.runtime.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * Protoc-generated messages inside grain calls: embedded as their own bytes, which is the wire form
 * of a message-typed field. Only loaded when a grain's signature uses such a message, so
 * protobuf-java is an optional dependency of the runtime.
 */
public final class ProtobufMessages {
    private ProtobufMessages() {
    }

    /**
     * The size pass of a message field: its bytes with their length prefix, not its tag.
     * protobuf-java keeps a message's size once computed, so {@link #put} asks again at no cost.
     */
    public static long size(final MessageLite message) {
        return ProtoSizes.lengthDelimited(message.getSerializedSize());
    }

    /** The write pass of a message field (room reserved by the size pass): serialized in place. */
    public static void put(final ProtoWriter writer, final int tag, final MessageLite message) {
        final int length = message.getSerializedSize();
        final int start = writer.putLengthPrefix(tag, length);
        final CodedOutputStream out = CodedOutputStream.newInstance(writer.buffer(), start, length);
        try {
            message.writeTo(out);
        } catch (final java.io.IOException e) {
            // an array-backed stream only throws when the message outgrew its own size: it changed
            throw new IllegalStateException("protobuf message " + message.getClass().getName() + " changed while it was written", e);
        }
        out.checkNoSpaceLeft();
        writer.advance(length);
    }

    /** Parses the length-delimited value the last tag introduced. */
    public static <T> T read(final ProtoReader reader, final Parser<T> parser, final String where) {
        final int length = reader.readLength();
        try {
            final T message = parser.parseFrom(reader.buffer(), reader.position(), length);
            reader.skip(length);
            return message;
        } catch (final InvalidProtocolBufferException e) {
            throw new WireFormatException(where + ": " + e.getMessage(), e);
        }
    }
}
