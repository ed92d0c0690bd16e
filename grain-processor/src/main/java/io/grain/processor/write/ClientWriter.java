package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@code <Grain>Client}: the grain interface implemented by encoding each call and handing
 * it to a {@code CallInvoker}. Immutable; equal to any client of the same grain.
 */
public final class ClientWriter {
    private ClientWriter() {
    }

    public static JavaFile write(final GrainModel model) {
        final ClassName self = model.client();
        final TypeSpec.Builder type = TypeSpec.classBuilder(self)
            .addJavadoc("Calls the {@link $T} grain with the identity it was made for, wherever that grain lives.\n"
                + "Immutable and cheap: keep it, share it, pass it to other grains.\n", model.grainInterface())
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(model.grainInterface())
            .addSuperinterface(Runtime.GRAIN_REFERENCE)
            .addField(Runtime.GRAIN_ID, "id", Modifier.PRIVATE, Modifier.FINAL)
            .addField(Runtime.CALL_INVOKER, "invoker", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Runtime.GRAIN_ID, "id")
            .addParameter(Runtime.CALL_INVOKER, "invoker")
            .beginControlFlow("if (!id.kind().equals($T.KIND))", model.dispatcher())
            .addStatement("throw new $T($S + id + $S + $T.KIND)", IllegalArgumentException.class,
                "grain id ", " is not of kind ", model.dispatcher())
            .endControlFlow()
            .addStatement("this.id = id")
            .addStatement("this.invoker = $T.requireNonNull(invoker, $S)", Objects.class, "invoker")
            .build());
        type.addMethod(MethodSpec.methodBuilder("grainId")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(Runtime.GRAIN_ID)
            .addStatement("return id")
            .build());
        for (final MethodModel method : model.methods()) {
            type.addMethod(call(model, method));
        }
        type.addMethod(MethodSpec.methodBuilder("equals")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.BOOLEAN)
            .addParameter(Object.class, "other")
            .addStatement("return other instanceof $T && id.equals((($T) other).id)", self, self)
            .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.INT)
            .addStatement("return id.hashCode()")
            .build());
        type.addMethod(MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $S + id + $S", model.baseName() + "(", ")")
            .build());
        return Generated.file(model, type.build());
    }

    private static MethodSpec call(final GrainModel model, final MethodModel method) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC);
        if (method.oneWay()) {
            spec.returns(TypeName.VOID);
        } else {
            spec.returns(ParameterizedTypeName.get(
                ClassName.get("java.util.concurrent", method.completionStage() ? "CompletionStage" : "CompletableFuture"),
                CodecWriter.resultType(method)));
        }
        for (final Field parameter : method.parameters()) {
            spec.addParameter(parameter.type().javaType(), parameter.name(), Modifier.FINAL);
        }
        final WireCode wire = new WireCode(model.codec(), "w_");
        spec.addStatement("$T call_ = this.invoker.begin(this.id, $T.$L)", Runtime.OUTBOUND_CALL, model.dispatcher(),
            DispatcherWriter.methodConstant(method));
        if (method.parameters().isEmpty()) {
            if (method.oneWay()) {
                spec.addStatement("call_.send()");
            } else {
                spec.addStatement("return call_.request($T.$L)", model.codec(), CodecWriter.replyDecoderName(method));
            }
            return spec.build();
        }
        spec.beginControlFlow("try");
        spec.addStatement("$T w_ = call_.arguments()", Runtime.PROTO_WRITER);
        final boolean anyByReference = method.parameters().stream().anyMatch(DispatcherWriter::byReference);
        if (anyByReference) {
            spec.addStatement("boolean byReference_ = call_.passesReferences()");
        }
        final List<Field> parameters = method.parameters();
        final List<String> names = new ArrayList<>();
        final List<String> wheres = new ArrayList<>();
        for (final Field parameter : parameters) {
            names.add(parameter.name());
            wheres.add(CodecWriter.argumentWhere(model, method, parameter));
        }
        // sized once (skipping what goes by reference), one reserve, then written unchecked
        spec.addCode(wire.sizeMessage(parameters, names, wheres, i -> DispatcherWriter.byReference(parameters.get(i))));
        for (int i = 0; i < parameters.size(); i++) {
            final Field parameter = parameters.get(i);
            if (DispatcherWriter.byReference(parameter)) {
                spec.beginControlFlow("if (byReference_)")
                    .addStatement("call_.reference($L, $L)", parameter.number() - 1, parameter.name())
                    .nextControlFlow("else")
                    .addCode(wire.putField(parameter, parameter.name(), wheres.get(i)))
                    .endControlFlow();
            } else {
                spec.addCode(wire.putField(parameter, parameter.name(), wheres.get(i)));
            }
        }
        spec.nextControlFlow("catch ($T e_)", RuntimeException.class);
        if (method.oneWay()) {
            // a one-way call has no future to carry the failure: give the call back, then throw
            spec.addStatement("call_.abandon(e_)");
            spec.addStatement("throw e_");
            spec.endControlFlow();
            spec.addStatement("call_.send()");
        } else {
            spec.addStatement("return call_.abandon(e_)");
            spec.endControlFlow();
            spec.addStatement("return call_.request($T.$L)", model.codec(), CodecWriter.replyDecoderName(method));
        }
        return spec.build();
    }
}
