package io.grain.codegen;

import io.grain.codegen.Wire.Branch;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Node;
import io.grain.codegen.Wire.Tree;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad bytes fed to every generated decoder end in a {@link WireFormatException}: never another
 * exception, a hang, an OutOfMemoryError or a StackOverflowError. The timeout only guards against
 * a hang; nothing here measures time.
 */
@Timeout(120)
class BadBytesTest {
    private static final long SEED = 0x6A41_2026L;
    private static final int RANDOM_INPUTS_PER_DECODER = 300;

    /** Valid requests of many shapes, captured as the bytes the clients wrote. */
    private static List<byte[]> validRequests() {
        final Loopback loopback = new Loopback(false).register(WireDispatcher.INSTANCE, new EchoingWire())
            .register(EchoDispatcher.INSTANCE, new EchoStub());
        final Wire wire = loopback.client(WireDispatcher.INSTANCE, "w");
        final List<byte[]> requests = new ArrayList<>();
        final Leaf leaf = new Leaf("leaf", -9, Color.BLUE);
        final List<Runnable> calls = List.of(
            () -> wire.int32(-300),
            () -> wire.int64(Long.MAX_VALUE),
            () -> wire.text("héllo"),
            () -> wire.uuid(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
            () -> wire.uuids(Map.of(new java.util.UUID(1, 2), List.of(new java.util.UUID(-1, 0)))),
            () -> wire.bytes(new byte[] {1, 2, 3}),
            () -> wire.tree(new Tree(new Branch(leaf, List.of(leaf, leaf), Optional.of(leaf)), Map.of("k", new Branch(null, List.of(), Optional.empty())), 5)),
            () -> wire.node(new Node("a", List.of(new Node("b", List.of())))),
            () -> wire.ints(List.of(1, -1, 300)),
            () -> wire.doubles(List.of(1.5, -2.5)),
            () -> wire.nestedLists(List.of(List.of("x"), List.of())),
            () -> wire.leafMap(Map.of(leaf, List.of(1L))),
            () -> wire.nestedMaps(Map.of(1, Map.of("r", Color.RED))),
            () -> wire.maybeList(Optional.of(List.of(1))),
            () -> wire.optionals(List.of(Optional.empty(), Optional.of("z"))),
            () -> wire.reference(loopback.client(EchoDispatcher.INSTANCE, "e")),
            () -> wire.timestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(-1).setNanos(7).build()),
            () -> wire.durations(List.of(com.google.protobuf.Duration.newBuilder().setSeconds(9).build())),
            () -> wire.mixed(1, "b", List.of("c"), leaf, Optional.of(Color.GREEN)));
        for (final Runnable call : calls) {
            call.run();
            requests.add(loopback.lastRequest);
            requests.add(loopback.lastReply);
        }
        return requests;
    }

    /** Decodes {@code bytes} as a request of {@code method}, as a dispatcher would. */
    private static void decodeRequest(final GrainMethod method, final byte[] bytes) {
        final ProtoReader reader = new ProtoReader(bytes).invoker(new Loopback(false));
        WireDispatcher.INSTANCE.invoke(new EchoingWire(), method.id(), Loopback.inbound(reader, false, new Object[0]));
    }

    private static List<ReplyDecoder<?>> replyDecoders() throws IllegalAccessException {
        final List<ReplyDecoder<?>> decoders = new ArrayList<>();
        for (final Field field : WireCodec.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ReplyDecoder.class) {
                decoders.add((ReplyDecoder<?>)field.get(null));
            }
        }
        assertTrue(decoders.size() > 20, "found the reply decoders");
        return decoders;
    }

    private static void expectCleanFailureOrSuccess(final Runnable decode, final byte[] input) {
        try {
            decode.run();
        } catch (final WireFormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        } catch (final RuntimeException | Error other) {
            fail("decoding " + hex(input) + " threw " + other, other);
        }
    }

    @Test
    void randomTruncatedAndFlippedInputsFailCleanly() throws IllegalAccessException {
        final Random random = new Random(SEED);
        final List<byte[]> inputs = new ArrayList<>();
        for (final byte[] valid : validRequests()) {
            for (int length = 0; length < valid.length; length++) {
                inputs.add(java.util.Arrays.copyOf(valid, length));
            }
            for (int i = 0; i < 20 && valid.length > 0; i++) {
                final byte[] flipped = valid.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte)(1 << random.nextInt(8));
                inputs.add(flipped);
            }
        }
        for (int i = 0; i < RANDOM_INPUTS_PER_DECODER; i++) {
            final byte[] noise = new byte[random.nextInt(48)];
            random.nextBytes(noise);
            inputs.add(noise);
        }
        final List<ReplyDecoder<?>> decoders = replyDecoders();
        for (final byte[] input : inputs) {
            for (final GrainMethod method : WireDispatcher.INSTANCE.methods()) {
                expectCleanFailureOrSuccess(() -> decodeRequest(method, input), input);
            }
            for (final ReplyDecoder<?> decoder : decoders) {
                expectCleanFailureOrSuccess(() -> decoder.decode(new ProtoReader(input).invoker(new Loopback(false))), input);
            }
        }
    }

    @Test
    void deepNestingIsRefusedBeforeTheStackRunsOut() {
        byte[] node = new byte[0];
        for (int depth = 0; depth < 20_000; depth++) {
            node = lengthDelimited(2, node); // Node.children
        }
        final byte[] request = lengthDelimited(1, node);
        final WireFormatException failure = assertThrows(WireFormatException.class, () -> decodeRequest(WireDispatcher.M_NODE, request));
        assertTrue(failure.getMessage().contains("nest deeper"), failure.getMessage());
    }

    @Test
    void encodingTooDeepANestingFailsTheCallAtTheCaller() {
        Node node = new Node("leaf", List.of());
        for (int i = 0; i < 200; i++) {
            node = new Node("n", List.of(node));
        }
        final Wire wire = new Loopback(false).register(WireDispatcher.INSTANCE, new EchoingWire()).client(WireDispatcher.INSTANCE, "w");
        final Node deep = node;
        final CompletionException failure = assertThrows(CompletionException.class, () -> wire.node(deep).join());
        assertInstanceOf(WireFormatException.class, failure.getCause());
    }

    @Test
    void hugeLengthPrefixesAllocateNothing() {
        final ProtoWriter writer = new ProtoWriter();
        writer.writeTag(1, WireType.LENGTH_DELIMITED);
        writer.appendUInt32(Integer.MAX_VALUE);
        writer.appendUInt32(7);
        final byte[] bytes = writer.toByteArray();
        for (final GrainMethod method : List.of(WireDispatcher.M_TEXT, WireDispatcher.M_BYTES, WireDispatcher.M_TREE, WireDispatcher.M_STRINGS)) {
            final WireFormatException failure = assertThrows(WireFormatException.class, () -> decodeRequest(method, bytes));
            assertTrue(failure.getMessage().contains("runs past the end"), failure.getMessage());
        }
    }

    @Test
    void wrongWireTypesAndOutOfRangeValuesAreNamed() {
        final ProtoWriter text = new ProtoWriter();
        text.writeSInt32(1, 5);
        final WireFormatException wrongType = assertThrows(WireFormatException.class, () -> decodeRequest(WireDispatcher.M_TEXT, text.toByteArray()));
        assertTrue(wrongType.getMessage().contains("TextRequest.value"), wrongType.getMessage());

        final ProtoWriter bigByte = new ProtoWriter();
        bigByte.writeSInt32(1, 300);
        final WireFormatException range = assertThrows(WireFormatException.class, () -> decodeRequest(WireDispatcher.M_INT8, bigByte.toByteArray()));
        assertTrue(range.getMessage().contains("out of range"), range.getMessage());

        final ProtoWriter unknownColor = new ProtoWriter();
        unknownColor.writeEnum(1, 17);
        final WireFormatException color = assertThrows(WireFormatException.class, () -> decodeRequest(WireDispatcher.M_COLOR, unknownColor.toByteArray()));
        assertTrue(color.getMessage().contains("no constant of Color"), color.getMessage());
    }

    private static byte[] lengthDelimited(final int field, final byte[] body) {
        final ProtoWriter writer = new ProtoWriter(body.length + 8);
        writer.writeBytes(field, body);
        return writer.toByteArray();
    }

    private static String hex(final byte[] bytes) {
        final StringBuilder out = new StringBuilder();
        for (final byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
