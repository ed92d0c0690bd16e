package io.grain.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.grain.processor.model.StoredKey;
import io.grain.processor.model.StoredModel;

import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Record>StoredType}: the {@code io.grain.storage.StoredType} of a {@code @Stored}
 * record, with its table, its key extractors (plain accessor calls) and its codec: the record's
 * components as fields 1..n, written and read by the same {@link TypeCodecs} as a grain's codec, so a
 * record is encoded alike in a call and in storage.
 */
public final class StoredTypeWriter {
    private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");

    private StoredTypeWriter() {
    }

    public static JavaFile write(final StoredModel model) {
        final ClassName self = model.storedType();
        final ClassName record = model.record().name();
        final TypeSpec.Builder type = TypeSpec.classBuilder(self)
            .addJavadoc("How {@link $T} is stored: "
                + (model.key() == null ? "a grain's state, by default under the name {@code $L}.\n" : "rows of table {@code $L}.\n")
                + "Its payload is the record as a Protobuf message, components as fields 1..n, so adding or removing\n"
                + "a component keeps old payloads readable.\n", record, model.table())
            .addAnnotation(Generated.annotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ParameterizedTypeName.get(Runtime.STORED_TYPE, record))
            .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The one instance, found by {@code StoredTypes.of($T.class)}.\n", record)
                .initializer("new $T()", self)
                .build())
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
            .addMethod(getter("type", ParameterizedTypeName.get(ClassName.get(Class.class), record), CodeBlock.of("$T.class", record)))
            .addMethod(getter("table", ClassName.get(String.class), CodeBlock.of("$S", model.table())))
            .addMethod(getter("keyKind", Runtime.KEY_KIND, kind(model.key())))
            .addMethod(getter("subkeyKind", Runtime.KEY_KIND, kind(model.subkey())))
            .addMethod(getter("keyName", ClassName.get(String.class), name(model.key())))
            .addMethod(getter("subkeyName", ClassName.get(String.class), name(model.subkey())))
            .addMethod(keyExtractor("key", model, model.key()))
            .addMethod(keyExtractor("subkey", model, model.subkey()))
            .addMethod(MethodSpec.methodBuilder("write")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(record, "record")
                .addParameter(Runtime.PROTO_WRITER, "writer")
                .addStatement("write$L(writer, $T.requireNonNull(record, $S))", model.record().protoName(), OBJECTS,
                    "the " + String.join(".", model.record().name().simpleNames()) + " to store")
                .build())
            .addMethod(MethodSpec.methodBuilder("read")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(record)
                .addParameter(Runtime.PROTO_READER, "reader")
                .addStatement("return read$L(reader)", model.record().protoName())
                .build());
        TypeCodecs.addTo(type, self, model.types(), Modifier.PRIVATE);
        return Generated.file(record, type.build());
    }

    private static MethodSpec getter(final String name, final TypeName type, final CodeBlock value) {
        return MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(type)
            .addStatement("return $L", value)
            .build();
    }

    private static CodeBlock kind(final StoredKey key) {
        return key == null ? CodeBlock.of("null") : CodeBlock.of("$T.$L", Runtime.KEY_KIND, key.kind().name());
    }

    private static CodeBlock name(final StoredKey key) {
        return key == null ? CodeBlock.of("null") : CodeBlock.of("$S", key.component());
    }

    /** {@code key(record)}: the component, boxed; a null String or UUID key is refused here, naming it. */
    private static MethodSpec keyExtractor(final String name, final StoredModel model, final StoredKey key) {
        final MethodSpec.Builder spec = MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(Object.class)
            .addParameter(model.record().name(), "record");
        if (key == null) {
            return spec.addStatement("return null").build();
        }
        if (key.kind() == StoredKey.Kind.STRING || key.kind() == StoredKey.Kind.UUID) {
            return spec.addStatement("return $T.requireNonNull(record.$L(), $S)", OBJECTS,
                key.component(), String.join(".", model.record().name().simpleNames()) + "." + key.component() + " (the " + name + ") is null; a stored row needs its "
                    + name).build();
        }
        return spec.addStatement("return record.$L()", key.component()).build();
    }
}
