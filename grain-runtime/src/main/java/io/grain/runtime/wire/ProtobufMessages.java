package io.grain.runtime.wire;

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

    public static void write(final ProtoWriter writer, final int field, final MessageLite message) {
        writer.writeBytes(field, message.toByteArray());
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
