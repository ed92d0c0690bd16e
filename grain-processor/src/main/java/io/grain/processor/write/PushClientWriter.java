package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodModel;

import javax.lang.model.element.Modifier;
import java.util.Objects;

/**
 * Writes {@code <Observer>Push}: a {@code @ClientObserver} interface implemented by encoding each
 * call as its method's request message (with the observer's codec) and handing it, with the
 * principal, the observer kind and the rpc name, to a {@code io.grain.gateway.push.PushRouter}.
 * Immutable.
 */
public final class PushClientWriter {
    private PushClientWriter() {
    }

    public static JavaFile write(final GrainModel model) {
        final ClassName self = model.push();
        final TypeSpec.Builder type = TypeSpec.classBuilder(self)
            .addJavadoc("Pushes {@link $T} to one principal (a player), wherever in the cluster it is connected:\n"
                + "each call encodes its message and hands it to a router; it never blocks and never fails for a\n"
                + "player who is not connected. Immutable; get one from {@code Pushes.observer(..)}.\n", model.grainInterface())
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(model.grainInterface())
            .addField(FieldSpec.builder(String.class, "KIND", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The observer kind, as each push carries it.\n")
                .initializer("$S", model.kind())
                .build())
            .addField(Runtime.PUSH_ROUTER, "router", Modifier.PRIVATE, Modifier.FINAL)
            .addField(String.class, "principal", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Runtime.PUSH_ROUTER, "router")
            .addParameter(String.class, "principal")
            .addStatement("this.router = $T.requireNonNull(router, $S)", Objects.class, "router")
            .addStatement("this.principal = $T.requireNonNull(principal, $S)", Objects.class, "principal")
            .build());
        for (final MethodModel method : model.methods()) {
            final MethodSpec.Builder spec = MethodSpec.methodBuilder(method.name())
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.VOID);
            final StringBuilder arguments = new StringBuilder("w_");
            for (final Field parameter : method.parameters()) {
                spec.addParameter(parameter.type().javaType(), parameter.name(), Modifier.FINAL);
                arguments.append(", ").append(parameter.name());
            }
            // a writer per push: the message leaves as its own byte[] (the router keeps it)
            spec.addStatement("final $T w_ = new $T()", Runtime.PROTO_WRITER, Runtime.PROTO_WRITER);
            spec.addStatement("$T.write$LRequest($L)", model.codec(), method.uniqueName(), arguments);
            // "this.": a parameter may be called principal or router
            spec.addStatement("this.router.push(this.principal, $T.KIND, $S, w_.toByteArray())", self, method.uniqueName());
            type.addMethod(spec.build());
        }
        type.addMethod(MethodSpec.methodBuilder("equals")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.BOOLEAN)
            .addParameter(Object.class, "other")
            .addStatement("return other instanceof $T && principal.equals((($T) other).principal) && router.equals((($T) other).router)",
                self, self, self)
            .build());
        type.addMethod(MethodSpec.methodBuilder("hashCode")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.INT)
            .addStatement("return principal.hashCode()")
            .build());
        type.addMethod(MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $S + principal + $S", model.baseName() + "Push(", ")")
            .build());
        return Generated.file(model, type.build());
    }
}
