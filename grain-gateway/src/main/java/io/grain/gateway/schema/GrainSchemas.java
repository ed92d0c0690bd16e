package io.grain.gateway.schema;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Descriptors of the messages clients exchange with grains, so the gateway can speak proto3 JSON
 * (through {@code JsonFormat} over {@code DynamicMessage}). A grain interface {@code p.Player}'s
 * schema is a serialized {@code FileDescriptorSet} holding {@code p/Player.proto} and its imports;
 * by convention it is the class-path resource {@code p/Player.desc}, beside {@code p/Player.proto}.
 */
public final class GrainSchemas {
    private GrainSchemas() {
    }

    /** The resource name of {@code grainInterface}'s schema: {@code p/Player.desc}, {@code p/Outer_Player.desc}. */
    public static String resourceName(final Class<?> grainInterface) {
        final String packageName = grainInterface.getPackageName();
        return (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + serviceName(grainInterface) + ".desc";
    }

    /** The service name of {@code grainInterface} in its .proto: {@code Player}, {@code Outer_Player}. */
    public static String serviceName(final Class<?> grainInterface) {
        final String packageName = grainInterface.getPackageName();
        final String binary = packageName.isEmpty() ? grainInterface.getName() : grainInterface.getName().substring(packageName.length() + 1);
        return binary.replace('$', '_');
    }

    /**
     * The schema of {@code grainInterface} from its class loader, or null when there is none.
     *
     * @throws IllegalArgumentException when the resource is there but is not a descriptor set.
     */
    public static FileDescriptorSet load(final Class<?> grainInterface) {
        final String name = resourceName(grainInterface);
        final ClassLoader loader = grainInterface.getClassLoader() != null ? grainInterface.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            return FileDescriptorSet.parseFrom(in);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the resource " + name + " is not a FileDescriptorSet: " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * Finds the service called {@code serviceName} among the files of {@code set}, building each
     * file after the files it imports.
     *
     * @throws IllegalArgumentException when the set does not build or has no such service.
     */
    public static ServiceDescriptor service(final FileDescriptorSet set, final String serviceName) {
        final Map<String, FileDescriptorProto> protos = new HashMap<>();
        for (final FileDescriptorProto file : set.getFileList()) {
            protos.put(file.getName(), file);
        }
        final Map<String, FileDescriptor> built = new HashMap<>();
        final List<ServiceDescriptor> found = new ArrayList<>();
        for (final FileDescriptorProto file : set.getFileList()) {
            final FileDescriptor descriptor = build(file.getName(), protos, built, 0);
            final ServiceDescriptor service = descriptor.getServices().stream()
                .filter(s -> s.getName().equals(serviceName)).findFirst().orElse(null);
            if (service != null) {
                found.add(service);
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("the descriptor set has " + found.size() + " services named " + serviceName
                + " (files: " + protos.keySet() + "); expected exactly one");
        }
        return found.get(0);
    }

    private static FileDescriptor build(final String name, final Map<String, FileDescriptorProto> protos,
        final Map<String, FileDescriptor> built, final int depth) {
        final FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        final FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            throw new IllegalArgumentException("the descriptor set lacks " + name + "; write it with its imports");
        }
        if (depth > protos.size()) {
            throw new IllegalArgumentException("the imports of " + name + " form a cycle");
        }
        final FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            dependencies[i] = build(proto.getDependency(i), protos, built, depth + 1);
        }
        try {
            final FileDescriptor descriptor = FileDescriptor.buildFrom(proto, dependencies);
            built.put(name, descriptor);
            return descriptor;
        } catch (final DescriptorValidationException e) {
            throw new IllegalArgumentException("the descriptor of " + name + " does not build: " + e.getMessage(), e);
        }
    }
}
