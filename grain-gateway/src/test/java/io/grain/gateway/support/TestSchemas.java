package io.grain.gateway.support;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The descriptor sets of the test grains, made by protoc (from Maven Central) out of the .proto
 * files the Grain processor generated, exactly as clients in other languages would compile them.
 */
public final class TestSchemas {
    private static final ConcurrentHashMap<Class<?>, FileDescriptorSet> CACHE = new ConcurrentHashMap<>();

    private TestSchemas() {
    }

    public static FileDescriptorSet of(final Class<?> grainInterface) {
        return CACHE.computeIfAbsent(grainInterface, TestSchemas::compile);
    }

    private static FileDescriptorSet compile(final Class<?> grainInterface) {
        try {
            final Path protoc = Paths.get(System.getProperty("grain.protoc", "target/protoc/protoc"));
            if (!protoc.toFile().canExecute() && !protoc.toFile().setExecutable(true)) {
                throw new IllegalStateException("protoc at " + protoc + " cannot be made executable");
            }
            final Path classes = Paths.get(grainInterface.getProtectionDomain().getCodeSource().getLocation().toURI());
            final String proto = grainInterface.getPackageName().replace('.', '/') + "/" + grainInterface.getSimpleName() + ".proto";
            final Path out = Files.createTempFile("grain-schema-", ".desc");
            try {
                final Process process = new ProcessBuilder(protoc.toString(), "--include_imports",
                    "--descriptor_set_out=" + out, "-I" + classes, proto).redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("protoc failed on " + proto + ":\n" + output);
                }
                return FileDescriptorSet.parseFrom(Files.readAllBytes(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (final IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
