package io.grain.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.Field;
import io.grain.processor.model.Names;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.ValueType;
import io.grain.processor.model.WireTypes;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the static writer and reader of every record, wrapper message, map entry and enum that a
 * generated class encodes: into a grain's {@code <Grain>Codec} (public, its client and dispatcher
 * call them) and into a record's {@code <Record>StoredType} (private). Written once here, so both
 * encode a type the same way.
 */
final class TypeCodecs {
    private TypeCodecs() {
    }

    /**
     * @param type   the class being written, which becomes the holder of the codecs.
     * @param holder its name, which {@link WireCode} refers to.
     * @param types  what it encodes.
     * @param access {@code PUBLIC} or {@code PRIVATE}.
     */
    static void addTo(final TypeSpec.Builder type, final ClassName holder, final WireTypes types, final Modifier access) {
        for (final RecordDef record : types.records()) {
            type.addMethods(recordWriters(holder, access, record));
            type.addMethod(recordReader(holder, access, record));
        }
        for (final ValueType wrapper : types.wrappers()) {
            type.addMethods(wrapperWriters(holder, access, wrapper));
            type.addMethod(wrapperReader(holder, access, wrapper));
        }
        for (final ValueType.MapType map : types.maps()) {
            type.addMethods(entryWriters(holder, access, map));
            type.addMethod(entryReader(holder, access, map));
        }
        for (final ValueType.EnumType enumType : types.enums()) {
            final String constants = Names.constantCase(enumType.protoName()) + "_VALUES";
            type.addField(FieldSpec.builder(ArrayTypeName.of(enumType.name()), constants, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.values()", enumType.name())
                .build());
            type.addMethod(MethodSpec.methodBuilder("to" + enumType.protoName())
                .addJavadoc("The constant with Protobuf number {@code number} (ordinal + 1).\n")
                .addModifiers(access, Modifier.STATIC)
                .returns(enumType.name())
                .addParameter(int.class, "number")
                .addParameter(String.class, "where")
                .beginControlFlow("if (number < 1 || number > $L.length)", constants)
                .addStatement("throw new $T(where + $S + number + $S)", Runtime.WIRE_FORMAT_EXCEPTION,
                    ": no constant of " + enumType.name().simpleName() + " has number ", " (constants are numbered from 1)")
                .endControlFlow()
                .addStatement("return $L[number - 1]", constants)
                .build());
        }
    }

    /**
     * A record's three writers: {@code size} (the size pass of its body, recording nested lengths),
     * {@code put} (the write pass, unchecked) and {@code write} (both, for a record at the top of a
     * writer, as a stored record is).
     */
    private static List<MethodSpec> recordWriters(final ClassName holder, final Modifier access, final RecordDef record) {
        final String name = record.type().protoName();
        final List<Field> fields = record.fields();
        final WireCode wire = new WireCode(holder, "w");
        final MethodSpec.Builder size = MethodSpec.methodBuilder("size" + name)
            .addJavadoc("The size pass of a {@link $T}'s fields: their bytes; records the lengths {@code put$L} writes.\n",
                record.type().name(), name)
            .addModifiers(access, Modifier.STATIC)
            .returns(long.class)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(record.type().name(), "value")
            .addStatement("long size_ = 0");
        final MethodSpec.Builder put = MethodSpec.methodBuilder("put" + name)
            .addJavadoc("Writes the components of a {@link $T} as fields 1..n, after {@code size$L} and a reserve.\n",
                record.type().name(), name)
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(record.type().name(), "value");
        for (final Field field : fields) {
            final String where = name + "." + field.name();
            size.addCode(wire.sizeField(field, "value." + field.name() + "()", where, "size_"));
            put.addCode(wire.putField(field, "value." + field.name() + "()", where));
        }
        size.addStatement("return size_");
        final MethodSpec write = MethodSpec.methodBuilder("write" + name)
            .addJavadoc("Writes the components of a {@link $T} as fields 1..n: sized once, then written unchecked.\n",
                record.type().name())
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(record.type().name(), "value")
            .addStatement("w.beginSizes()")
            .addStatement("w.reserve(size$L(w, value))", name)
            .addStatement("put$L(w, value)", name)
            .build();
        return List.of(size.build(), put.build(), write);
    }

    private static MethodSpec recordReader(final ClassName holder, final Modifier access, final RecordDef record) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("read" + record.type().protoName())
            .addJavadoc("Reads a {@link $T} from the fields up to the end of the current message.\n", record.type().name())
            .addModifiers(access, Modifier.STATIC)
            .returns(record.type().name())
            .addParameter(Runtime.PROTO_READER, "r");
        spec.addCode(readMessage(holder, record.fields(), record.type().protoName(), false));
        final List<String> arguments = new ArrayList<>();
        for (final Field field : record.fields()) {
            arguments.add(WireCode.local(field));
        }
        spec.addStatement("return new $T($L)", record.type().name(), String.join(", ", arguments));
        return spec.build();
    }

    /** A wrapper message's size pass and write pass (wrappers are always nested, never at the top). */
    private static List<MethodSpec> wrapperWriters(final ClassName holder, final Modifier access, final ValueType wrapper) {
        final String name = WireCode.messageName(wrapper);
        final WireCode wire = new WireCode(holder, "w");
        final Field field = new Field("value", 1, wrapper);
        final MethodSpec size = MethodSpec.methodBuilder("size" + name)
            .addJavadoc("The size pass of a nested $L as field 1 of a message of its own.\n", wrapper.javaType().toString().replace("$", "$$"))
            .addModifiers(access, Modifier.STATIC)
            .returns(long.class)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(wrapper.javaType(), "value")
            .addStatement("long size_ = 0")
            .addCode(wire.sizeField(field, "value", name + ".value", "size_"))
            .addStatement("return size_")
            .build();
        final MethodSpec put = MethodSpec.methodBuilder("put" + name)
            .addJavadoc("Writes a nested $L as field 1 of a message of its own, after {@code size$L}.\n",
                wrapper.javaType().toString().replace("$", "$$"), name)
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(wrapper.javaType(), "value")
            .addCode(wire.putField(field, "value", name + ".value"))
            .build();
        return List.of(size, put);
    }

    private static MethodSpec wrapperReader(final ClassName holder, final Modifier access, final ValueType wrapper) {
        final Field field = new Field("value", 1, wrapper);
        return MethodSpec.methodBuilder("read" + WireCode.messageName(wrapper))
            .addModifiers(access, Modifier.STATIC)
            .returns(wrapper.javaType())
            .addParameter(Runtime.PROTO_READER, "r")
            .addCode(readMessage(holder, List.of(field), WireCode.messageName(wrapper), false))
            .addStatement("return $L", WireCode.local(field))
            .build();
    }

    /** A map entry's size pass and write pass: the key as field 1, the value as field 2. */
    private static List<MethodSpec> entryWriters(final ClassName holder, final Modifier access, final ValueType.MapType map) {
        final WireCode wire = new WireCode(holder, "w");
        final String where = map.entryName();
        final MethodSpec.Builder size = MethodSpec.methodBuilder("size" + map.entryName())
            .addJavadoc("The size pass of one map entry; records the lengths {@code put$L} writes.\n", map.entryName())
            .addModifiers(access, Modifier.STATIC)
            .returns(long.class)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(map.key().javaType().box(), "key")
            .addParameter(map.value().javaType().box(), "value")
            .addStatement("long size_ = 0")
            .addCode(wire.sizeValue(map.key(), 1, CodeBlock.of("key"), where + ".key", "size_"));
        final MethodSpec.Builder put = MethodSpec.methodBuilder("put" + map.entryName())
            .addJavadoc("Writes one map entry, after {@code size$L}: the key as field 1, the value as field 2.\n", map.entryName())
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(map.key().javaType().box(), "key")
            .addParameter(map.value().javaType().box(), "value")
            .addCode(wire.putValue(map.key(), 1, CodeBlock.of("key")));
        if (map.value().needsWrapper()) {
            final Field value = new Field("value", 2, map.value());
            size.addCode(wire.sizeField(value, "value", where + ".value", "size_"));
            put.addCode(wire.putField(value, "value", where + ".value"));
        } else {
            final CodeBlock value = CodeBlock.of("$T.requireNonNull(value, $S)", Runtime.NULLS, where + ".value");
            size.addCode(wire.sizeValue(map.value(), 2, value, where + ".value", "size_"));
            put.addCode(wire.putValue(map.value(), 2, value));
        }
        size.addStatement("return size_");
        return List.of(size.build(), put.build());
    }

    private static MethodSpec entryReader(final ClassName holder, final Modifier access, final ValueType.MapType map) {
        final Field key = new Field("key", 1, map.key());
        final Field value = new Field("value", 2, map.value());
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("read" + map.entryName())
            .addJavadoc("Reads one map entry into {@code into}.\n")
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_READER, "r")
            .addParameter(map.javaType(), "into")
            .addCode(readMessage(holder, List.of(key, value), map.entryName(), true));
        for (final Field field : List.of(key, value)) {
            if (field.type().needsWrapper()) {
                continue;
            }
            spec.beginControlFlow("if ($L == null)", WireCode.local(field));
            final CodeBlock fallback = protoDefault(field.type());
            if (fallback == null) {
                spec.addStatement("throw new $T($S)", Runtime.WIRE_FORMAT_EXCEPTION, map.entryName() + " has no " + field.name());
            } else {
                // an entry may leave out a scalar key or value that equals its proto3 default
                spec.addStatement("$L = $L", WireCode.local(field), fallback);
            }
            spec.endControlFlow();
        }
        spec.addStatement("into.put($L, $L)", WireCode.local(key), WireCode.local(value));
        return spec.build();
    }

    /** The proto3 default of a scalar, String or bytes value; null for the rest. */
    private static CodeBlock protoDefault(final ValueType type) {
        if (type instanceof ValueType.Scalar) {
            return WireCode.initialValue(new ValueType.Scalar(((ValueType.Scalar)type).kind(), false));
        }
        if (type instanceof ValueType.Text) {
            return CodeBlock.of("\"\"");
        }
        if (type instanceof ValueType.Bytes) {
            return CodeBlock.of("new byte[0]");
        }
        return null;
    }

    /** Locals for {@code fields} and the loop that reads them, with entry-local boxes for map keys and values. */
    static CodeBlock readMessage(final ClassName holder, final List<Field> fields, final String message, final boolean mapEntry) {
        final CodeBlock.Builder code = CodeBlock.builder();
        for (final Field field : fields) {
            final boolean entryComponent = mapEntry && !field.type().needsWrapper();
            code.addStatement("$T $L = $L", entryComponent ? field.type().javaType().box() : field.type().javaType(),
                WireCode.local(field), entryComponent ? CodeBlock.of("null") : WireCode.initialValue(field.type()));
        }
        code.add(new WireCode(holder, "w").readFields(fields, message));
        return code.build();
    }
}
