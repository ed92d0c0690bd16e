package io.grain.gateway.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@link ClientFrame}s and writes {@link ServerFrame}s in either {@link FrameFormat}.
 * Stateless and thread safe.
 */
public final class FrameCodec {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private FrameCodec() {
    }

    /**
     * Decodes the readable bytes of {@code in} (not released here).
     *
     * @throws InvalidProtocolBufferException when they are not a valid frame in {@code format}.
     */
    public static ClientFrame decode(final ByteBuf in, final FrameFormat format) throws InvalidProtocolBufferException {
        try {
            if (format == FrameFormat.PROTOBUF) {
                return ClientFrame.parseFrom(CodedInputStream.newInstance(in.nioBuffer()));
            }
            final ClientFrame.Builder frame = ClientFrame.newBuilder();
            PARSER.merge(in.toString(StandardCharsets.UTF_8), frame);
            return frame.build();
        } catch (final InvalidProtocolBufferException e) {
            throw e;
        } catch (final IOException | RuntimeException e) {
            // JsonFormat reports some bad input (deep nesting, odd numbers) as other exceptions
            throw new InvalidProtocolBufferException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Encodes {@code frame} into a new buffer of {@code alloc}. */
    public static ByteBuf encode(final ServerFrame frame, final FrameFormat format, final ByteBufAllocator alloc) {
        if (format == FrameFormat.PROTOBUF) {
            final int size = frame.getSerializedSize();
            final ByteBuf out = alloc.buffer(size);
            try {
                final CodedOutputStream coded = CodedOutputStream.newInstance(out.nioBuffer(0, size));
                frame.writeTo(coded);
                coded.checkNoSpaceLeft();
                out.writerIndex(size);
                return out;
            } catch (final IOException e) {
                out.release();
                throw new UncheckedIOException(e);
            }
        }
        final ByteBuf out = alloc.buffer();
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            stream.write(toJson(frame).getBytes(StandardCharsets.UTF_8));
            return out;
        } catch (final IOException e) {
            out.release();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code frame} as proto3 JSON. */
    public static String toJson(final ServerFrame frame) {
        try {
            return PRINTER.print(frame);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("a server frame does not print as JSON: " + e.getMessage(), e);
        }
    }
}
