package io.grain.processor.model;

import com.palantir.javapoet.ClassName;

import java.util.List;

/**
 * Everything the writers need of one {@code @Grain} interface; built and validated by the parser,
 * immutable, free of javax.lang.model types so writers cannot reach back into javac.
 *
 * @param grainInterface the interface.
 * @param kind           the grain kind.
 * @param keyType        the declared key type's constant name in {@code io.grain.annotation.KeyType},
 *                       {@code ANY} when undeclared.
 * @param methods        every abstract method, own and inherited, in declaration order.
 * @param types          the records, enums, wrappers and map entries the signatures reach.
 */
public record GrainModel(
    ClassName grainInterface,
    String kind,
    String keyType,
    boolean reentrant,
    int statelessWorkerMax,
    List<MethodModel> methods,
    WireTypes types) {

    public GrainModel {
        methods = List.copyOf(methods);
    }

    public String packageName() {
        return grainInterface.packageName();
    }

    /** {@code Player}, or {@code Outer_Player} for a nested interface. */
    public String baseName() {
        return String.join("_", grainInterface.simpleNames());
    }

    public ClassName client() {
        return ClassName.get(packageName(), baseName() + "Client");
    }

    public ClassName dispatcher() {
        return ClassName.get(packageName(), baseName() + "Dispatcher");
    }

    public ClassName codec() {
        return ClassName.get(packageName(), baseName() + "Codec");
    }

    /** The push client of a {@code @ClientObserver} interface. */
    public ClassName push() {
        return ClassName.get(packageName(), baseName() + "Push");
    }

    public ClassName stub() {
        return ClassName.get(packageName(), baseName() + "Stub");
    }

    public String protoFileName() {
        return baseName() + ".proto";
    }
}
