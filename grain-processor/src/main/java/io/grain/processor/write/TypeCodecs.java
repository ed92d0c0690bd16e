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
            type.addMethod(recordWriter(holder, access, record));
            type.addMethod(recordReader(holder, access, record));
        }
        for (final ValueType wrapper : types.wrappers()) {
            type.addMethod(wrapperWriter(holder, access, wrapper));
            type.addMethod(wrapperReader(holder, access, wrapper));
        }
        for (final ValueType.MapType map : types.maps()) {
            type.addMethod(entryWriter(holder, access, map));
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

    private static MethodSpec recordWriter(final ClassName holder, final Modifier access, final RecordDef record) {
        final WireCode wire = new WireCode(holder, "w");
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + record.type().protoName())
            .addJavadoc("Writes the components of a {@link $T} as fields 1..n.\n", record.type().name())
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(record.type().name(), "value");
        final List<Field> fields = record.fields();
        for (int i = 0; i < fields.size(); i++) {
            final Field field = fields.get(i);
            spec.addCode(wire.reserveRun(fields, i));
            spec.addCode(wire.writeField(field, "value." + field.name() + "()", record.type().protoName() + "." + field.name()));
        }
        return spec.build();
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

    private static MethodSpec wrapperWriter(final ClassName holder, final Modifier access, final ValueType wrapper) {
        return MethodSpec.methodBuilder("write" + WireCode.messageName(wrapper))
            .addJavadoc("Writes a nested $L as field 1 of a message of its own.\n", wrapper.javaType().toString().replace("$", "$$"))
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(wrapper.javaType(), "value")
            .addCode(new WireCode(holder, "w").writeField(new Field("value", 1, wrapper), "value",
                WireCode.messageName(wrapper) + ".value"))
            .build();
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

    private static MethodSpec entryWriter(final ClassName holder, final Modifier access, final ValueType.MapType map) {
        final WireCode wire = new WireCode(holder, "w");
        final String where = map.entryName();
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + map.entryName())
            .addJavadoc("Writes one map entry: the key as field 1, the value as field 2.\n")
            .addModifiers(access, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(map.key().javaType().box(), "key")
            .addParameter(map.value().javaType().box(), "value")
            .addCode(wire.writeValue(map.key(), 1, CodeBlock.of("key"), where + ".key"));
        if (map.value().needsWrapper()) {
            spec.addCode(wire.writeField(new Field("value", 2, map.value()), "value", where + ".value"));
        } else {
            spec.addCode(wire.writeValue(map.value(), 2, CodeBlock.of("$T.requireNonNull(value, $S)", Runtime.NULLS, where + ".value"),
                where + ".value"));
        }
        return spec.build();
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
