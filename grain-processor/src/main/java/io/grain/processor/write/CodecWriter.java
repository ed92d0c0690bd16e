package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.ValueType;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code <Grain>Codec}: for every method its request and reply messages, and for every
 * record, enum, wrapper and map entry the grain's signatures reach, a writer and a reader
 * ({@link TypeCodecs}). Static
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
        TypeCodecs.addTo(type, codec, model.types(), Modifier.PUBLIC);
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
        final List<Field> parameters = method.parameters();
        final List<String> names = new ArrayList<>();
        final List<String> wheres = new ArrayList<>();
        for (final Field parameter : parameters) {
            spec.addParameter(parameter.type().javaType(), parameter.name());
            names.add(parameter.name());
            wheres.add(argumentWhere(model, method, parameter));
        }
        spec.addCode(wire.writeMessage(parameters, names, wheres));
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
            final WireCode wire = new WireCode(model.codec(), "w");
            spec.addCode(wire.writeMessage(List.of(new Field("result", 1, method.result())), List.of("result"),
                List.of("result of " + model.baseName() + "." + method.name())));
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
        spec.addCode(TypeCodecs.readMessage(model.codec(), fields, method.uniqueName() + "Reply", false));
        spec.addStatement("return $L", fields.isEmpty() ? "null" : WireCode.local(fields.get(0)));
        return spec.build();
    }
}
