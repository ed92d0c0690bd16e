package io.grain.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.grain.codegen.Wire.Branch;
import io.grain.codegen.Wire.Color;
import io.grain.codegen.Wire.Leaf;
import io.grain.codegen.Wire.Tree;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated .proto is valid proto3 (protoc from Maven Central compiles it), and it describes
 * exactly what the codec writes: codec bytes parse as the schema's messages with no unknown fields
 * and the same values, and bytes protobuf-java writes from the schema decode to the same values.
 */
class ProtoSchemaTest {
    private static FileDescriptor wireProto;
    private static FileDescriptor everythingProto;
    private static FileDescriptor profileProto;

    @BeforeAll
    static void compileSchemas(@TempDir final Path out) throws Exception {
        final Path root = Paths.get(ProtoSchemaTest.class.getResource("/io/grain/codegen/Wire.proto").toURI()).getParent()
            .getParent().getParent().getParent();
        final Path descriptors = out.resolve("descriptors.pb");
        final Path protocBinary = Paths.get(System.getProperty("grain.protoc", "target/protoc/protoc"));
        // maven-dependency-plugin copies the binary without its executable bit
        assertTrue(protocBinary.toFile().setExecutable(true), "protoc at " + protocBinary + " can be made executable");
        final Process protoc = new ProcessBuilder(protocBinary.toString(),
            "--proto_path=" + root, "--include_imports", "--descriptor_set_out=" + descriptors,
            "io/grain/codegen/Wire.proto", "io/grain/codegen/Echo.proto", "io/grain/codegen/Versions.proto",
            "io/grain/codegen/StoredRecords_EverythingStoredType.proto", "io/grain/codegen/StoredRecords_ProfileV2StoredType.proto",
            "io/grain/codegen/BadgeStoredType.proto")
            .redirectErrorStream(true)
            .start();
        assertTrue(protoc.waitFor(60, TimeUnit.SECONDS), "protoc finished");
        final String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, protoc.exitValue(), "protoc accepts the generated schemas:\n" + output);
        final FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors));
        for (final FileDescriptorProto file : set.getFileList()) {
            if (file.getName().endsWith("Wire.proto")) {
                wireProto = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            }
            if (file.getName().endsWith("StoredRecords_EverythingStoredType.proto")) {
                everythingProto = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            }
            if (file.getName().endsWith("StoredRecords_ProfileV2StoredType.proto")) {
                profileProto = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
            }
        }
    }

    private static Descriptor message(final String name) {
        return wireProto.findMessageTypeByName(name);
    }

    /** Parses codec bytes with the schema, checking that every field was known to it. */
    private static DynamicMessage parse(final String message, final Consumer<ProtoWriter> encode) throws IOException {
        final ProtoWriter writer = new ProtoWriter();
        encode.accept(writer);
        final DynamicMessage parsed = DynamicMessage.parseFrom(message(message), writer.toByteArray());
        assertNoUnknownFields(parsed);
        return parsed;
    }

    private static void assertNoUnknownFields(final Message message) {
        assertTrue(message.getUnknownFields().asMap().isEmpty(), "unknown fields in " + message.getDescriptorForType().getName()
            + ": " + message.getUnknownFields());
        for (final Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (field.getKey().isRepeated()) {
                    for (final Object element : (List<?>)field.getValue()) {
                        assertNoUnknownFields((Message)element);
                    }
                } else {
                    assertNoUnknownFields((Message)field.getValue());
                }
            }
        }
    }

    private static Object field(final Message message, final String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /** Decodes bytes protobuf-java wrote as a request of {@code methodId} through the dispatcher. */
    private static Object decodeRequest(final int methodId, final Message request) {
        final EchoingWire grain = new EchoingWire();
        final ProtoReader reader = new ProtoReader(request.toByteArray());
        WireDispatcher.INSTANCE.invoke(grain, methodId, Loopback.inbound(reader, false, new Object[0]));
        return grain.received.get(0);
    }

    @Test
    void scalarsUseTheDeclaredProtoTypes() throws IOException {
        assertEquals(-5, field(parse("Int32Request", w -> WireCodec.writeInt32Request(w, -5)), "value"));
        assertEquals(Long.MIN_VALUE, field(parse("Int64Request", w -> WireCodec.writeInt64Request(w, Long.MIN_VALUE)), "value"));
        assertEquals(-128, field(parse("Int8Request", w -> WireCodec.writeInt8Request(w, (byte)-128)), "value"));
        assertEquals(0xFFFF, field(parse("CharacterRequest", w -> WireCodec.writeCharacterRequest(w, '\uFFFF')), "value"));
        assertEquals(1.5f, field(parse("Float32Request", w -> WireCodec.writeFloat32Request(w, 1.5f)), "value"));
        assertEquals(true, field(parse("BoolRequest", w -> WireCodec.writeBoolRequest(w, true)), "value"));
        final DynamicMessage boxedZero = parse("BoxedRequest", w -> WireCodec.writeBoxedRequest(w, 0));
        assertTrue(boxedZero.hasField(boxedZero.getDescriptorForType().findFieldByName("value")), "a boxed zero is present");
        final DynamicMessage boxedNull = parse("BoxedRequest", w -> WireCodec.writeBoxedRequest(w, null));
        assertTrue(!boxedNull.hasField(boxedNull.getDescriptorForType().findFieldByName("value")), "null is absent");
        assertEquals("日本語", field(parse("TextRequest", w -> WireCodec.writeTextRequest(w, "日本語")), "value"));
        assertEquals("WIRE_COLOR_BLUE", ((com.google.protobuf.Descriptors.EnumValueDescriptor)field(
            parse("ColorRequest", w -> WireCodec.writeColorRequest(w, Color.BLUE)), "value")).getName());
    }

    @Test
    void uuidsAreSixteenBytesMostSignificantFirst() throws IOException {
        final java.util.UUID id = java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        final com.google.protobuf.ByteString bytes = (com.google.protobuf.ByteString)field(
            parse("UuidRequest", w -> WireCodec.writeUuidRequest(w, id)), "value");
        assertEquals("00112233445566778899aabbccddeeff", java.util.HexFormat.of().formatHex(bytes.toByteArray()));
        final DynamicMessage map = parse("UuidsRequest", w -> WireCodec.writeUuidsRequest(w, Map.of(id, List.of(id, id))));
        assertEquals(Map.of(id, List.of(id, id)), decodeRequest(WireDispatcher.M_UUIDS.id(), map));
    }

    @Test
    void nestedRecordsMapsAndWrappersMatchTheSchema() throws IOException {
        final Leaf leaf = new Leaf("a", -3, Color.GREEN);
        final Tree tree = new Tree(new Branch(leaf, List.of(leaf), Optional.of(leaf)), Map.of("k", new Branch(null, List.of(), Optional.empty())), 9);
        final DynamicMessage request = parse("TreeRequest", w -> WireCodec.writeTreeRequest(w, tree));
        final Message value = (Message)field(request, "value");
        final Message branch = (Message)field(value, "branch");
        assertEquals("a", field((Message)field(branch, "leaf"), "name"));
        assertEquals(-3, field((Message)field(branch, "leaf"), "weight"));
        assertEquals(1, ((List<?>)field(value, "by_name")).size());
        assertEquals(9L, field(value, "id"));
        assertEquals(tree, decodeRequest(WireDispatcher.M_TREE.id(), request));

        final DynamicMessage nested = parse("NestedListsRequest", w -> WireCodec.writeNestedListsRequest(w, List.of(List.of("x"), List.of())));
        assertEquals(2, ((List<?>)field(nested, "value")).size());
        final DynamicMessage maps = parse("NestedMapsRequest", w -> WireCodec.writeNestedMapsRequest(w, Map.of(1, Map.of("r", Color.RED))));
        assertEquals(Map.of(1, Map.of("r", Color.RED)), decodeRequest(WireDispatcher.M_NESTED_MAPS.id(), maps));
        final DynamicMessage optionals = parse("OptionalsRequest",
            w -> WireCodec.writeOptionalsRequest(w, List.of(Optional.empty(), Optional.of("x"))));
        assertEquals(List.of(Optional.empty(), Optional.of("x")), decodeRequest(WireDispatcher.M_OPTIONALS.id(), optionals));
        final DynamicMessage leafMap = parse("LeafMapRequest", w -> WireCodec.writeLeafMapRequest(w, Map.of(leaf, List.of(1L, -1L))));
        assertEquals(Map.of(leaf, List.of(1L, -1L)), decodeRequest(WireDispatcher.M_LEAF_MAP.id(), leafMap));
    }

    @Test
    void messagesBuiltByProtobufJavaDecodeToTheSameValues() {
        final Descriptor leafType = message("Wire_Leaf");
        final DynamicMessage leaf = DynamicMessage.newBuilder(leafType)
            .setField(leafType.findFieldByName("name"), "built")
            .setField(leafType.findFieldByName("weight"), -42)
            .setField(leafType.findFieldByName("color"), leafType.findFieldByName("color").getEnumType().findValueByName("WIRE_COLOR_RED"))
            .build();
        final Descriptor request = message("MixedRequest");
        final DynamicMessage mixed = DynamicMessage.newBuilder(request)
            .setField(request.findFieldByName("a"), -1)
            .setField(request.findFieldByName("b"), "")
            .addRepeatedField(request.findFieldByName("c"), "x")
            .addRepeatedField(request.findFieldByName("c"), "y")
            .setField(request.findFieldByName("d"), leaf)
            .build();
        assertEquals("-1||[x, y]|Leaf[name=built, weight=-42, color=RED]|Optional.empty",
            decodeRequest(WireDispatcher.M_MIXED.id(), mixed));

        final Descriptor scores = message("ScoresRequest");
        final FieldDescriptor mapField = scores.findFieldByName("value");
        final Descriptor entry = mapField.getMessageType();
        final DynamicMessage scoresRequest = DynamicMessage.newBuilder(scores)
            .addRepeatedField(mapField, DynamicMessage.newBuilder(entry)
                .setField(entry.findFieldByName("key"), "alice").setField(entry.findFieldByName("value"), -7).build())
            .build();
        assertEquals(Map.of("alice", -7), decodeRequest(WireDispatcher.M_SCORES.id(), scoresRequest));

        final Descriptor ints = message("IntsRequest");
        final DynamicMessage.Builder intsRequest = DynamicMessage.newBuilder(ints);
        for (final int i : new int[] {Integer.MIN_VALUE, 0, 300}) {
            intsRequest.addRepeatedField(ints.findFieldByName("value"), i);
        }
        assertEquals(List.of(Integer.MIN_VALUE, 0, 300), decodeRequest(WireDispatcher.M_INTS.id(), intsRequest.build()));
    }

    @Test
    void storedPayloadsAreTheMessagesOfTheirStoredTypesSchema() throws IOException {
        final java.util.UUID id = java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        final StoredRecords.Everything everything = new StoredRecords.Everything(true, (byte)1, (short)2, -3, 4L, 'c', 1.5f, 2.5d, 0,
            "text", new byte[] {9}, id, Color.RED, new Leaf("l", 1, Color.BLUE), List.of(new Leaf("m", 2, null)), java.util.Set.of(id),
            Map.of(id, List.of(1, 2)), Map.of("c", Color.GREEN), Optional.of(id), Optional.of(List.of("n")),
            new Wire.Node("v", List.of()), List.of(List.of("x")), com.google.protobuf.Timestamp.newBuilder().setSeconds(5).build(),
            new Loopback(false).register(EchoDispatcher.INSTANCE, new EchoStub()).client(EchoDispatcher.INSTANCE, "e1"));
        final ProtoWriter writer = new ProtoWriter();
        StoredRecords_EverythingStoredType.INSTANCE.write(everything, writer);
        final DynamicMessage parsed = DynamicMessage.parseFrom(everythingProto.findMessageTypeByName("StoredRecords_Everything"),
            writer.toByteArray());
        assertNoUnknownFields(parsed);
        assertEquals(24, parsed.getAllFields().size(), "every component present: " + parsed);
        assertEquals("00112233445566778899aabbccddeeff",
            java.util.HexFormat.of().formatHex(((com.google.protobuf.ByteString)field(parsed, "id")).toByteArray()));
        assertEquals(-3, field(parsed, "int32"));

        // a payload protobuf-java writes from the schema is read by the stored type
        final Descriptor profile = profileProto.findMessageTypeByName("StoredRecords_ProfileV2");
        final DynamicMessage built = DynamicMessage.newBuilder(profile)
            .setField(profile.findFieldByName("id"), com.google.protobuf.ByteString.copyFrom(java.util.HexFormat.of()
                .parseHex("00112233445566778899aabbccddeeff")))
            .setField(profile.findFieldByName("name"), "ann")
            .setField(profile.findFieldByName("rating"), -7)
            .addRepeatedField(profile.findFieldByName("badges"), "gold")
            .build();
        assertEquals(new StoredRecords.ProfileV2(id, "ann", -7, List.of("gold"), Optional.empty(), null),
            StoredRecords_ProfileV2StoredType.INSTANCE.read(new ProtoReader(built.toByteArray())));
    }

    @Test
    void protocAcceptsEveryGeneratedSchema() throws URISyntaxException {
        // compileSchemas ran protoc over every schema; here: the service lists every method
        assertEquals(WireDispatcher.INSTANCE.methods().size(), wireProto.findServiceByName("Wire").getMethods().size());
        assertTrue(Files.exists(Paths.get(ProtoSchemaTest.class.getResource("/io/grain/codegen/Echo.proto").toURI())));
    }
}
