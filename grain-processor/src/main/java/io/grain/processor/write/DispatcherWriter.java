package io.grain.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.ValueType;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code <Grain>Dispatcher}: the grain's method metadata as constants, and the code that
 * decodes a request, invokes the implementation and encodes its result.
 */
public final class DispatcherWriter {
    private DispatcherWriter() {
    }

    /** The dispatcher constant holding a method's metadata, e.g. {@code M_ADD_SCORE}. */
    static String methodConstant(final MethodModel method) {
        return "M_" + method.constantName();
    }

    static String hex(final int id) {
        return "0x" + Integer.toHexString(id);
    }

    public static JavaFile write(final GrainModel model) {
        final ClassName self = model.dispatcher();
        final ClassName grain = model.grainInterface();
        final TypeSpec.Builder type = TypeSpec.classBuilder(self)
            .addJavadoc("Decodes calls of {@link $T}, invokes an implementation, and encodes its results; shared by\n"
                + "every shard of a member, stateless.\n", grain)
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ParameterizedTypeName.get(Runtime.GRAIN_DISPATCHER, grain));
        type.addField(FieldSpec.builder(String.class, "KIND", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("$S", model.kind()).build());
        final List<String> constants = new ArrayList<>();
        for (final MethodModel method : model.methods()) {
            constants.add(methodConstant(method));
            // the client-callable flag is written only when set, so dispatchers of grains without clients stay as they were
            type.addField(FieldSpec.builder(Runtime.GRAIN_METHOD, methodConstant(method), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer(method.clientCallable() ? "new $T($L, $S, $S, $L, $L, $L, $LL, $L, true)" : "new $T($L, $S, $S, $L, $L, $L, $LL, $L)",
                    Runtime.GRAIN_METHOD, hex(method.id()), method.name(),
                    method.signature(), method.oneWay(), method.readOnly(), method.alwaysInterleave(), method.timeoutMillis(),
                    method.result() == null || method.result().immutable())
                .build());
        }
        final TypeName methodList = ParameterizedTypeName.get(ClassName.get(List.class), Runtime.GRAIN_METHOD);
        type.addField(FieldSpec.builder(methodList, "METHODS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.of($L)", List.class, String.join(", ", constants)).build());
        type.addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", self).build());

        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
        type.addMethod(override("kind", ClassName.get(String.class)).addStatement("return KIND").build());
        type.addMethod(override("grainInterface", ParameterizedTypeName.get(ClassName.get(Class.class), grain))
            .addStatement("return $T.class", grain).build());
        if (!"ANY".equals(model.keyType())) {
            // Written only when declared, so dispatchers of grains without a key type stay as they were.
            type.addMethod(override("keyType", Runtime.KEY_TYPE).addStatement("return $T.$L", Runtime.KEY_TYPE, model.keyType()).build());
        }
        type.addMethod(override("reentrant", TypeName.BOOLEAN).addStatement("return $L", model.reentrant()).build());
        type.addMethod(override("statelessWorkerMax", TypeName.INT).addStatement("return $L", model.statelessWorkerMax()).build());
        type.addMethod(override("methods", methodList).addStatement("return METHODS").build());

        final MethodSpec.Builder method = override("method", Runtime.GRAIN_METHOD).addParameter(int.class, "methodId");
        method.beginControlFlow("switch (methodId)");
        for (final MethodModel m : model.methods()) {
            method.addStatement("case $L: return $L", hex(m.id()), methodConstant(m));
        }
        method.addStatement("default: return null");
        method.endControlFlow();
        type.addMethod(method.build());

        type.addMethod(override("newClient", grain)
            .addParameter(Runtime.GRAIN_ID, "id")
            .addParameter(Runtime.CALL_INVOKER, "invoker")
            .addStatement("return new $T(id, invoker)", model.client())
            .build());

        final MethodSpec.Builder invoke = override("invoke",
                ParameterizedTypeName.get(ClassName.get("java.util.concurrent", "CompletionStage"), WildcardTypeName.subtypeOf(Object.class)))
            .addParameter(grain, "grain")
            .addParameter(int.class, "methodId")
            .addParameter(Runtime.INBOUND_CALL, "call");
        invoke.beginControlFlow("switch (methodId)");
        for (final MethodModel m : model.methods()) {
            if (m.oneWay()) {
                invoke.addCode("case $L:\n$>", hex(m.id()));
                invoke.addStatement("invoke$L(grain, call)", m.uniqueName());
                invoke.addStatement("return null$<");
            } else {
                invoke.addStatement("case $L: return invoke$L(grain, call)", hex(m.id()), m.uniqueName());
            }
        }
        invoke.addStatement("default: throw unknownMethod(methodId)");
        invoke.endControlFlow();
        type.addMethod(invoke.build());

        final MethodSpec.Builder encode = override("encodeResult", TypeName.VOID)
            .addParameter(int.class, "methodId")
            .addParameter(Object.class, "result")
            .addParameter(Runtime.PROTO_WRITER, "w");
        boolean uncheckedCast = false;
        encode.beginControlFlow("switch (methodId)");
        for (final MethodModel m : model.methods()) {
            if (m.oneWay()) {
                continue;
            }
            final TypeName result = CodecWriter.resultType(m);
            uncheckedCast |= result instanceof ParameterizedTypeName;
            encode.addCode("case $L:\n$>", hex(m.id()));
            encode.addStatement("$T.write$LReply(w, ($T) result)", model.codec(), m.uniqueName(), result);
            encode.addStatement("return$<");
        }
        encode.addStatement("default: throw unknownMethod(methodId)");
        encode.endControlFlow();
        if (uncheckedCast) {
            encode.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
        }
        type.addMethod(encode.build());

        for (final MethodModel m : model.methods()) {
            type.addMethod(invoker(model, m));
        }
        type.addMethod(MethodSpec.methodBuilder("unknownMethod")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(IllegalArgumentException.class)
            .addParameter(int.class, "methodId")
            .addStatement("return new $T($S + Integer.toHexString(methodId))", IllegalArgumentException.class,
                "grain kind '" + model.kind() + "' (" + grain.canonicalName() + ") has no method with id 0x")
            .build());
        return Generated.file(model, type.build());
    }

    private static MethodSpec.Builder override(final String name, final TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    /** Arguments passed by reference when caller and callee share a process: immutable and not primitive. */
    static boolean byReference(final Field parameter) {
        final ValueType type = parameter.type();
        final boolean primitive = type instanceof ValueType.Scalar && !((ValueType.Scalar)type).boxed();
        // an Optional is copied so that a null one fails at the caller locally as it does remotely
        return !primitive && !type.needsWrapper() && type.immutable();
    }

    private static MethodSpec invoker(final GrainModel model, final MethodModel method) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder("invoke" + method.uniqueName())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(model.grainInterface(), "grain")
            .addParameter(Runtime.INBOUND_CALL, "call");
        if (method.oneWay()) {
            spec.returns(TypeName.VOID);
        } else {
            spec.returns(ParameterizedTypeName.get(ClassName.get("java.util.concurrent", "CompletionStage"), CodecWriter.resultType(method)));
        }
        spec.addStatement("$T r = call.arguments()", Runtime.PROTO_READER);
        spec.addCode(WireCode.declareLocals(method.parameters()));
        final CodeBlock.Builder references = CodeBlock.builder();
        boolean uncheckedCast = false;
        for (final Field parameter : method.parameters()) {
            if (byReference(parameter)) {
                references.addStatement("$L = ($T) call.reference($L)", WireCode.local(parameter), parameter.type().javaType(),
                    parameter.number() - 1);
                uncheckedCast |= parameter.type().javaType() instanceof ParameterizedTypeName;
            }
        }
        if (!references.isEmpty()) {
            spec.beginControlFlow("if (call.passesReferences())").addCode(references.build()).endControlFlow();
        }
        if (uncheckedCast) {
            spec.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
        }
        spec.addCode(new WireCode(model.codec(), "w").readFields(method.parameters(), method.uniqueName() + "Request"));
        final List<String> arguments = new ArrayList<>();
        for (final Field parameter : method.parameters()) {
            arguments.add(WireCode.local(parameter));
        }
        if (method.oneWay()) {
            spec.addStatement("grain.$L($L)", method.name(), String.join(", ", arguments));
        } else {
            spec.addStatement("return grain.$L($L)", method.name(), String.join(", ", arguments));
        }
        return spec.build();
    }
}
