package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
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
 * Writes {@code <Grain>Stub}: an in-memory implementation of the grain interface for tests.
 * {@code on<Method>(answer)} programs a method, every call is recorded in order, and a method that
 * was not programmed fails its future with a message that says how to program it.
 */
public final class StubWriter {
    private StubWriter() {
    }

    public static JavaFile write(final GrainModel model) {
        final ClassName self = model.stub();
        final TypeName stubCalls = ParameterizedTypeName.get(ClassName.get(List.class), Runtime.STUB_CALL);
        final TypeSpec.Builder type = TypeSpec.classBuilder(self)
            .addJavadoc("A programmable test stub of {@link $T}: program answers with the {@code on...} methods, read\n"
                + "the calls it received with {@link #calls()} or the per-method {@code ...Calls()} lists. Safe to call\n"
                + "from any thread.\n", model.grainInterface())
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(model.grainInterface())
            .addField(FieldSpec.builder(stubCalls, "calls", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T<>()", ArrayList.class).build());
        type.addMethod(MethodSpec.methodBuilder("calls")
            .addJavadoc("Every call received so far, in order, with its arguments.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
            .returns(stubCalls)
            .addStatement("return $T.copyOf(calls)", List.class)
            .build());
        for (final MethodModel method : model.methods()) {
            addMethod(model, type, method);
        }
        return Generated.file(model, type.build());
    }

    private static void addMethod(final GrainModel model, final TypeSpec.Builder type, final MethodModel method) {
        final ClassName self = model.stub();
        final String unique = method.uniqueName();
        final String lower = Character.toLowerCase(unique.charAt(0)) + unique.substring(1);
        final ClassName answerType = self.nestedClass(unique + "Answer");
        final ClassName callType = self.nestedClass(unique + "Call");
        final TypeName returns = method.oneWay() ? TypeName.VOID : ParameterizedTypeName.get(
            ClassName.get("java.util.concurrent", method.completionStage() ? "CompletionStage" : "CompletableFuture"),
            CodecWriter.resultType(method));
        final List<ParameterSpec> parameters = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final Field parameter : method.parameters()) {
            parameters.add(ParameterSpec.builder(parameter.type().javaType(), parameter.name()).build());
            names.add(parameter.name());
        }
        final String arguments = String.join(", ", names);

        type.addType(TypeSpec.interfaceBuilder(answerType)
            .addJavadoc("Answers {@code $L}.\n", method.signature())
            .addAnnotation(FunctionalInterface.class)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addMethod(MethodSpec.methodBuilder("answer")
                .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .returns(returns)
                .addParameters(parameters)
                .build())
            .build());
        type.addType(TypeSpec.recordBuilder(callType)
            .addJavadoc("One recorded call of {@code $L}.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .recordConstructor(MethodSpec.constructorBuilder().addParameters(parameters).build())
            .build());

        final String answerField = lower + "Answer";
        final String callsField = lower + "Calls";
        type.addField(FieldSpec.builder(answerType, answerField, Modifier.PRIVATE).build());
        final TypeName callList = ParameterizedTypeName.get(ClassName.get(List.class), callType);
        type.addField(FieldSpec.builder(callList, callsField, Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T<>()", ArrayList.class).build());

        type.addMethod(MethodSpec.methodBuilder("on" + unique)
            .addJavadoc("Programs how {@code $L} answers; returns this stub.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
            .returns(self)
            .addParameter(answerType, "answer")
            .addStatement("this.$L = $T.requireNonNull(answer, $S)", answerField, Objects.class, "answer")
            .addStatement("return this")
            .build());
        type.addMethod(MethodSpec.methodBuilder(callsField)
            .addJavadoc("The calls of {@code $L} received so far, in order.\n", method.signature())
            .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
            .returns(callList)
            .addStatement("return $T.copyOf($L)", List.class, callsField)
            .build());

        final MethodSpec.Builder implementation = MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(returns)
            .addParameters(parameters);
        // record under the lock, answer outside it: an answer may call back into this stub
        implementation.addStatement("final $T answer_", answerType);
        implementation.beginControlFlow("synchronized (this)");
        // "this." because a parameter may share a field's name
        implementation.addStatement("this.calls.add(new $T($S, $T.<Object>asList($L)))", Runtime.STUB_CALL, method.name(),
            ClassName.get("java.util", "Arrays"), arguments);
        implementation.addStatement("this.$L.add(new $T($L))", callsField, callType, arguments);
        implementation.addStatement("answer_ = this.$L", answerField);
        implementation.endControlFlow();
        if (method.oneWay()) {
            implementation.beginControlFlow("if (answer_ != null)");
            implementation.addStatement("answer_.answer($L)", arguments);
            implementation.endControlFlow();
        } else {
            implementation.beginControlFlow("if (answer_ == null)");
            implementation.addStatement("return $T.failedFuture(new $T($S))", ClassName.get("java.util.concurrent", "CompletableFuture"),
                IllegalStateException.class, model.stub().simpleName() + "." + method.signature()
                    + " has no answer; program it with on" + unique + "(...)");
            implementation.endControlFlow();
            implementation.addStatement("return answer_.answer($L)", arguments);
        }
        type.addMethod(implementation.build());
    }
}
