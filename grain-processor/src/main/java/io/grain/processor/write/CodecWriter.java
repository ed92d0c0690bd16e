package io.grain.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.Names;
import io.grain.processor.model.RecordDef;
import io.grain.processor.model.ValueType;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code <Grain>Codec}: for every method its request and reply messages, and for every
 * record, enum, wrapper and map entry the grain's signatures reach, a writer and a reader. Static
 * methods only; the writers append to a reused {@code ProtoWriter}, so primitives allocate nothing.
 */
public final class CodecWriter {
    private CodecWriter() {
    }

    public static JavaFile write(final GrainModel model) {
        final ClassName codec = model.codec();
        final TypeSpec.Builder type = TypeSpec.classBuilder(codec)
            .addJavadoc("The Protobuf wire encoding of {@link $T}'s calls: request messages carry the arguments as\n"
                + "fields 1..n, reply messages the result as field 1. See {@code $L} for the schema.\n",
                model.grainInterface(), model.protoFileName())
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (final MethodModel method : model.methods()) {
            if (!method.oneWay()) {
                final TypeName result = resultType(method);
                type.addField(FieldSpec.builder(ParameterizedTypeName.get(Runtime.REPLY_DECODER, result),
                        replyDecoderName(method), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Decodes the reply of {@code $L}.\n", method.signature())
                    .initializer("$T::read$LReply", codec, method.uniqueName())
                    .build());
            }
        }
        for (final MethodModel method : model.methods()) {
            type.addMethod(requestWriter(model, method));
            if (!method.oneWay()) {
                type.addMethod(replyWriter(model, method));
                type.addMethod(replyReader(model, method));
            }
        }
        for (final RecordDef record : model.records()) {
            type.addMethod(recordWriter(model, record));
            type.addMethod(recordReader(model, record));
        }
        for (final ValueType wrapper : model.wrappers()) {
            type.addMethod(wrapperWriter(model, wrapper));
            type.addMethod(wrapperReader(model, wrapper));
        }
        for (final ValueType.MapType map : model.maps()) {
            type.addMethod(entryWriter(model, map));
            type.addMethod(entryReader(model, map));
        }
        for (final ValueType.EnumType enumType : model.enums()) {
            final String constants = Names.constantCase(enumType.protoName()) + "_VALUES";
            type.addField(FieldSpec.builder(ArrayTypeName.of(enumType.name()), constants, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.values()", enumType.name())
                .build());
            type.addMethod(MethodSpec.methodBuilder("to" + enumType.protoName())
                .addJavadoc("The constant with Protobuf number {@code number} (ordinal + 1).\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
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
        return Generated.file(model, type.build());
    }

    static String replyDecoderName(final MethodModel method) {
        return method.constantName() + "_REPLY";
    }

    static TypeName resultType(final MethodModel method) {
        return method.result() == null ? ClassName.get(Void.class) : method.result().javaType().box();
    }

    private static MethodSpec requestWriter(final GrainModel model, final MethodModel method) {
        // "w_": the parameters take the user's names, which may include "w"
        final WireCode wire = new WireCode(model.codec(), "w_");
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + method.uniqueName() + "Request")
            .addJavadoc("Writes the arguments of {@code $L} as the fields of its request message.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w_");
        for (final Field parameter : method.parameters()) {
            spec.addParameter(parameter.type().javaType(), parameter.name());
            spec.addCode(wire.writeField(parameter, parameter.name(), argumentWhere(model, method, parameter)));
        }
        return spec.build();
    }

    static String argumentWhere(final GrainModel model, final MethodModel method, final Field parameter) {
        return model.baseName() + "." + method.name() + " argument '" + parameter.name() + "'";
    }

    private static MethodSpec replyWriter(final GrainModel model, final MethodModel method) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + method.uniqueName() + "Reply")
            .addJavadoc("Writes the result of {@code $L} as field 1 of its reply message.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(resultType(method), "result");
        if (method.result() != null) {
            spec.addCode(new WireCode(model.codec(), "w").writeField(new Field("result", 1, method.result()), "result",
                "result of " + model.baseName() + "." + method.name()));
        }
        return spec.build();
    }

    private static MethodSpec replyReader(final GrainModel model, final MethodModel method) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("read" + method.uniqueName() + "Reply")
            .addJavadoc("Reads the result of {@code $L} from its reply message.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(resultType(method))
            .addParameter(Runtime.PROTO_READER, "r");
        final List<Field> fields = method.result() == null ? List.of() : List.of(new Field("result", 1, method.result()));
        spec.addCode(readMessage(model, fields, method.uniqueName() + "Reply", false));
        spec.addStatement("return $L", fields.isEmpty() ? "null" : WireCode.local(fields.get(0)));
        return spec.build();
    }

    private static MethodSpec recordWriter(final GrainModel model, final RecordDef record) {
        final WireCode wire = new WireCode(model.codec(), "w");
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + record.type().protoName())
            .addJavadoc("Writes the components of a {@link $T} as fields 1..n.\n", record.type().name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(record.type().name(), "value");
        for (final Field field : record.fields()) {
            spec.addCode(wire.writeField(field, "value." + field.name() + "()", record.type().protoName() + "." + field.name()));
        }
        return spec.build();
    }

    private static MethodSpec recordReader(final GrainModel model, final RecordDef record) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("read" + record.type().protoName())
            .addJavadoc("Reads a {@link $T} from the fields up to the end of the current message.\n", record.type().name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record.type().name())
            .addParameter(Runtime.PROTO_READER, "r");
        spec.addCode(readMessage(model, record.fields(), record.type().protoName(), false));
        final List<String> arguments = new ArrayList<>();
        for (final Field field : record.fields()) {
            arguments.add(WireCode.local(field));
        }
        spec.addStatement("return new $T($L)", record.type().name(), String.join(", ", arguments));
        return spec.build();
    }

    private static MethodSpec wrapperWriter(final GrainModel model, final ValueType wrapper) {
        return MethodSpec.methodBuilder("write" + WireCode.messageName(wrapper))
            .addJavadoc("Writes a nested $L as field 1 of a message of its own.\n", wrapper.javaType().toString().replace("$", "$$"))
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Runtime.PROTO_WRITER, "w")
            .addParameter(wrapper.javaType(), "value")
            .addCode(new WireCode(model.codec(), "w").writeField(new Field("value", 1, wrapper), "value",
                WireCode.messageName(wrapper) + ".value"))
            .build();
    }

    private static MethodSpec wrapperReader(final GrainModel model, final ValueType wrapper) {
        final Field field = new Field("value", 1, wrapper);
        return MethodSpec.methodBuilder("read" + WireCode.messageName(wrapper))
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(wrapper.javaType())
            .addParameter(Runtime.PROTO_READER, "r")
            .addCode(readMessage(model, List.of(field), WireCode.messageName(wrapper), false))
            .addStatement("return $L", WireCode.local(field))
            .build();
    }

    private static MethodSpec entryWriter(final GrainModel model, final ValueType.MapType map) {
        final WireCode wire = new WireCode(model.codec(), "w");
        final String where = map.entryName();
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("write" + map.entryName())
            .addJavadoc("Writes one map entry: the key as field 1, the value as field 2.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
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

    private static MethodSpec entryReader(final GrainModel model, final ValueType.MapType map) {
        final Field key = new Field("key", 1, map.key());
        final Field value = new Field("value", 2, map.value());
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("read" + map.entryName())
            .addJavadoc("Reads one map entry into {@code into}.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(Runtime.PROTO_READER, "r")
            .addParameter(map.javaType(), "into")
            .addCode(readMessage(model, List.of(key, value), map.entryName(), true));
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
    private static CodeBlock readMessage(final GrainModel model, final List<Field> fields, final String message, final boolean mapEntry) {
        final CodeBlock.Builder code = CodeBlock.builder();
        for (final Field field : fields) {
            final boolean entryComponent = mapEntry && !field.type().needsWrapper();
            code.addStatement("$T $L = $L", entryComponent ? field.type().javaType().box() : field.type().javaType(),
                WireCode.local(field), entryComponent ? CodeBlock.of("null") : WireCode.initialValue(field.type()));
        }
        code.add(new WireCode(model.codec(), "w").readFields(fields, message));
        return code.build();
    }
}
