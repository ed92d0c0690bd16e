package io.grain.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The processor's {@code <Grain>.desc} is the descriptor protoc makes of its {@code <Grain>.proto}:
 * the same file, messages, fields (types, labels, proto3 optional and its synthetic oneofs, map
 * entries, enums, the GrainRef oneof) and service, for grains that use every type the wire knows.
 */
class DescriptorSetTest {
    @Test
    void theProcessorsDescriptorSetIsProtocsDescriptorOfTheProto(@TempDir final Path out) throws Exception {
        final Path root = Paths.get(DescriptorSetTest.class.getResource("/io/grain/codegen/Wire.proto").toURI()).getParent()
            .getParent().getParent().getParent();
        final Path protocBinary = Paths.get(System.getProperty("grain.protoc", "target/protoc/protoc"));
        assertTrue(protocBinary.toFile().setExecutable(true), "protoc at " + protocBinary + " can be made executable");
        for (final String grain : new String[] {"Wire", "Echo", "Versions"}) {
            final Path descriptors = out.resolve(grain + ".pb");
            final Process protoc = new ProcessBuilder(protocBinary.toString(), "--proto_path=" + root,
                "--descriptor_set_out=" + descriptors, "io/grain/codegen/" + grain + ".proto").redirectErrorStream(true).start();
            assertTrue(protoc.waitFor(60, TimeUnit.SECONDS), "protoc finished");
            final String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, protoc.exitValue(), output);
            final FileDescriptorProto expected = FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors)).getFile(0);

            final FileDescriptorSet written;
            try (InputStream in = DescriptorSetTest.class.getResourceAsStream(grain + ".desc")) {
                assertNotNull(in, "the processor wrote " + grain + ".desc");
                written = FileDescriptorSet.parseFrom(in);
            }
            assertEquals(1, written.getFileCount());
            assertEquals(withoutJsonNames(expected), withoutJsonNames(written.getFile(0)), grain);
            // and protobuf-java builds it, with the JSON names protoc would give
            final FileDescriptor built = FileDescriptor.buildFrom(written.getFile(0), new FileDescriptor[0]);
            final FileDescriptor reference = FileDescriptor.buildFrom(expected, new FileDescriptor[0]);
            for (final var message : reference.getMessageTypes()) {
                for (final var field : message.getFields()) {
                    assertEquals(field.getJsonName(), built.findMessageTypeByName(message.getName()).findFieldByName(field.getName()).getJsonName());
                }
            }
        }
    }

    /** protoc leaves json_name out when it is the default; the processor writes it: compare without. */
    private static FileDescriptorProto withoutJsonNames(final FileDescriptorProto file) {
        final FileDescriptorProto.Builder builder = file.toBuilder();
        for (int i = 0; i < builder.getMessageTypeCount(); i++) {
            builder.setMessageType(i, withoutJsonNames(builder.getMessageType(i)));
        }
        return builder.build();
    }

    private static DescriptorProto withoutJsonNames(final DescriptorProto message) {
        final DescriptorProto.Builder builder = message.toBuilder();
        for (int i = 0; i < builder.getFieldCount(); i++) {
            final FieldDescriptorProto.Builder field = builder.getField(i).toBuilder();
            field.clearJsonName();
            builder.setField(i, field);
        }
        for (int i = 0; i < builder.getNestedTypeCount(); i++) {
            builder.setNestedType(i, withoutJsonNames(builder.getNestedType(i)));
        }
        return builder.build();
    }
}
