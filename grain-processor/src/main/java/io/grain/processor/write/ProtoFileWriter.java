package io.grain.processor.write;

import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.Names;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.ScalarKind;
import io.grain.processor.model.StoredModel;
import io.grain.processor.model.ValueType;
import io.grain.processor.model.WireTypes;

import java.util.List;

/**
 * Writes {@code <Grain>.proto}: the grain as a proto3 {@code service} with a request and a reply
 * message per method, and a message or enum per record, enum, nested collection and map entry, so
 * that clients in other languages can speak to the grain. The schema describes exactly the bytes
 * the generated codec writes.
 *
 * <p>For a {@code @Stored} record it writes {@code <Record>StoredType.proto}: the record's message
 * and the messages and enums it reaches, the schema of its stored payload.
 *
 * <p>A protoc-generated message appears as {@code bytes} (a message field and a bytes field have
 * the same wire form; the comment names the message to import in its place), because the processor
 * sees the Java class, not the .proto it came from.
 */
public final class ProtoFileWriter {
    private ProtoFileWriter() {
    }

    /** The proto package of a grain: its Java package plus the snake_case interface name. */
    public static String protoPackage(final GrainModel model) {
        final String own = Names.snakeCase(model.baseName());
        return model.packageName().isEmpty() ? own : model.packageName() + "." + own;
    }

    /** The proto package of a stored record: its Java package plus the snake_case record name and {@code _stored}. */
    public static String protoPackage(final StoredModel model) {
        final String own = Names.snakeCase(model.baseName()) + "_stored";
        return model.packageName().isEmpty() ? own : model.packageName() + "." + own;
    }

    /** {@code <Record>StoredType.proto}: the stored payload, message {@code <Record>}, and what it reaches. */
    public static String write(final StoredModel model) {
        final StringBuilder out = header(model.record().name().canonicalName(), protoPackage(model));
        out.append("// The payload of a stored ").append(model.record().name().simpleName()).append(" is message ")
            .append(model.record().protoName()).append(model.key() == null ? " (a grain state record" : " (table " + model.table());
        if (model.key() != null) {
            out.append(", key ").append(model.key().component());
            if (model.subkey() != null) {
                out.append(", subkey ").append(model.subkey().component());
            }
        }
        out.append(").\n// Signed integers are zigzag (sint32/sint64); enum constants are numbered from 1 in declaration\n");
        out.append("// order, 0 meaning absent.\n");
        types(out, model.types(), false);
        return out.toString();
    }

    public static String write(final GrainModel model) {
        return write(model, false);
    }

    /**
     * {@code <Observer>.proto} of a {@code @ClientObserver} interface: a service whose rpcs are its
     * pushes; a push carries the rpc's request message, the (empty) reply is never sent.
     */
    public static String writeObserver(final GrainModel model) {
        return write(model, true);
    }

    private static String write(final GrainModel model, final boolean observer) {
        final StringBuilder out = header(model.grainInterface().canonicalName(), protoPackage(model));
        if (observer) {
            out.append("// Observer kind \"").append(model.kind()).append("\": each rpc is a push from grains to game clients\n");
            out.append("// (Push.observer = the kind, Push.method = the rpc name, the message its request; no reply).\n");
            out.append("// Signed integers are zigzag (sint32/sint64); enum constants are numbered from 1 in declaration\n");
            out.append("// order, 0 meaning absent.\n");
        } else {
            out.append("// Grain kind \"").append(model.kind()).append("\". Signed integers are zigzag (sint32/sint64);\n");
            out.append("// enum constants are numbered from 1 in declaration order, 0 meaning absent.\n");
        }
        out.append("service ").append(model.baseName()).append(" {\n");
        for (final MethodModel method : model.methods()) {
            out.append("  // ").append(method.signature()).append(", method id ").append(DispatcherWriter.hex(method.id()));
            out.append(observer ? "; push" : method.oneWay() ? "; one-way: no reply is sent" : "");
            out.append(method.clientCallable() ? "; client-callable\n" : "\n");
            out.append("  rpc ").append(method.uniqueName()).append('(').append(method.uniqueName()).append("Request) returns (")
                .append(method.uniqueName()).append("Reply);\n");
        }
        out.append("}\n");
        boolean references = false;
        for (final MethodModel method : model.methods()) {
            references |= message(out, method.uniqueName() + "Request", method.parameters());
            references |= message(out, method.uniqueName() + "Reply",
                method.result() == null ? List.of() : List.of(new Field("result", 1, method.result())));
        }
        types(out, model.types(), references);
        return out.toString();
    }

    private static StringBuilder header(final String source, final String protoPackage) {
        return new StringBuilder()
            .append("// Generated by Grain from ").append(source).append(". Do not edit.\n")
            .append("syntax = \"proto3\";\n\n")
            .append("package ").append(protoPackage).append(";\n\n");
    }

    /** Appends the messages and enums of {@code types}, and {@code GrainRef} if mentioned (by them or by {@code references}). */
    private static void types(final StringBuilder out, final WireTypes types, final boolean references) {
        boolean mentioned = references;
        for (final RecordDef record : types.records()) {
            mentioned |= message(out, record.type().protoName(), record.fields());
        }
        for (final ValueType wrapper : types.wrappers()) {
            mentioned |= message(out, wrapper.displayName(), List.of(new Field("value", 1, wrapper)));
        }
        for (final ValueType.MapType map : types.maps()) {
            if (!protoMap(map)) {
                mentioned |= message(out, map.entryName(), List.of(new Field("key", 1, map.key()), new Field("value", 2, map.value())));
            }
        }
        for (final ValueType.EnumType enumType : types.enums()) {
            final String prefix = Names.constantCase(enumType.protoName()) + "_";
            out.append("\nenum ").append(enumType.protoName()).append(" {\n");
            out.append("  ").append(prefix).append("UNSPECIFIED = 0;\n");
            for (int i = 0; i < enumType.constants().size(); i++) {
                out.append("  ").append(prefix).append(enumType.constants().get(i)).append(" = ").append(i + 1).append(";\n");
            }
            out.append("}\n");
        }
        if (mentioned) {
            out.append("\n// A grain reference: the grain's kind and key.\n");
            out.append("message GrainRef {\n");
            out.append("  string kind = 1;\n");
            out.append("  oneof key {\n");
            out.append("    string string_key = 2;\n");
            out.append("    sint64 long_key = 3;\n");
            out.append("    bytes uuid_key = 4; // 16 bytes, most significant first\n");
            out.append("  }\n");
            out.append("}\n");
        }
    }

    /** Appends a message; true when it mentions GrainRef. */
    private static boolean message(final StringBuilder out, final String name, final List<Field> fields) {
        boolean references = false;
        out.append("\nmessage ").append(name).append(" {\n");
        for (final Field field : fields) {
            out.append("  ").append(declaration(field)).append(';').append(comment(innermost(field.type()))).append('\n');
            references |= ValueType.mentionsReference(field.type());
        }
        out.append("}\n");
        return references;
    }

    private static String declaration(final Field field) {
        final String name = Names.snakeCase(field.name()) + " = " + field.number();
        final ValueType type = field.type();
        if (type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed()) {
            return ((ValueType.Scalar)type).kind().protoType() + " " + name;
        }
        if (type instanceof ValueType.ListType) {
            return "repeated " + elementType(((ValueType.ListType)type).element()) + " " + name;
        }
        if (type instanceof ValueType.MapType) {
            final ValueType.MapType map = (ValueType.MapType)type;
            if (protoMap(map)) {
                return "map<" + elementType(map.key()) + ", " + elementType(map.value()) + "> " + name;
            }
            return "repeated " + map.entryName() + " " + name;
        }
        if (type instanceof ValueType.OptionalType) {
            final ValueType element = ((ValueType.OptionalType)type).element();
            return singular(element) + name;
        }
        return singular(type) + name;
    }

    /** {@code optional T } for types with explicit presence that proto3 marks, plain {@code T } for messages. */
    private static String singular(final ValueType type) {
        final boolean message = type instanceof ValueType.RecordType || type instanceof ValueType.GrainRefType || type.needsWrapper();
        return (message ? "" : "optional ") + elementType(type) + " ";
    }

    private static String elementType(final ValueType type) {
        if (type instanceof ValueType.Scalar) {
            return ((ValueType.Scalar)type).kind().protoType();
        }
        if (type instanceof ValueType.Text) {
            return "string";
        }
        if (type instanceof ValueType.Bytes || type instanceof ValueType.MessageType || type instanceof ValueType.Uuid) {
            return "bytes";
        }
        if (type instanceof ValueType.GrainRefType) {
            return "GrainRef";
        }
        return type.displayName();
    }

    /** The element a field's comment is about: the element of a list, the value of a map or Optional. */
    private static ValueType innermost(final ValueType type) {
        if (type instanceof ValueType.ListType) {
            return ((ValueType.ListType)type).element();
        }
        if (type instanceof ValueType.OptionalType) {
            return ((ValueType.OptionalType)type).element();
        }
        if (type instanceof ValueType.MapType) {
            return ((ValueType.MapType)type).value();
        }
        return type;
    }

    private static String comment(final ValueType type) {
        if (type instanceof ValueType.Uuid) {
            return " // java.util.UUID: 16 bytes, most significant first";
        }
        if (type instanceof ValueType.MessageType) {
            return " // protobuf message " + ((ValueType.MessageType)type).name().canonicalName() + ", embedded";
        }
        if (type instanceof ValueType.GrainRefType) {
            return " // reference to a " + ((ValueType.GrainRefType)type).grainInterface().canonicalName() + " grain";
        }
        return "";
    }

    /** Whether proto's {@code map<K, V>} can say it: integral, bool or string keys, values that are not repeated. */
    static boolean protoMap(final ValueType.MapType map) {
        final ValueType key = map.key();
        final boolean keyOk = key instanceof ValueType.Text
            || key instanceof ValueType.Scalar && ((ValueType.Scalar)key).kind() != ScalarKind.FLOAT
            && ((ValueType.Scalar)key).kind() != ScalarKind.DOUBLE;
        return keyOk && !map.value().needsWrapper();
    }
}
