package io.grain.gateway.schema;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

/**
 * Converts a method's message between the binary form grains use and the proto3 JSON form
 * (canonical mapping, {@code JsonFormat}) that JSON clients send as a JSON object. Stateless and
 * thread safe.
 */
public final class PayloadJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
        .alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private PayloadJson() {
    }

    /**
     * The binary message of type {@code type} that {@code json} (a JSON object) describes.
     *
     * @throws InvalidProtocolBufferException when {@code json} is not a valid {@code type}.
     */
    public static byte[] toBinary(final Struct json, final Descriptor type) throws InvalidProtocolBufferException {
        final DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        PARSER.merge(PRINTER.print(json), message);
        return message.build().toByteArray();
    }

    /**
     * The JSON object of the binary message {@code bytes} of type {@code type}.
     *
     * @throws InvalidProtocolBufferException when {@code bytes} is not a valid {@code type}.
     */
    public static Struct toJson(final byte[] bytes, final Descriptor type) throws InvalidProtocolBufferException {
        final DynamicMessage message = DynamicMessage.parseFrom(type, bytes);
        final Struct.Builder json = Struct.newBuilder();
        PARSER.merge(PRINTER.print(message), json);
        return json.build();
    }
}
