package io.grain.processor.model;

import java.util.List;

/**
 * One grain method.
 *
 * @param name          the Java name.
 * @param uniqueName    capitalized name, unique within the grain (overloads get their id as suffix):
 *                      used for messages, constants, and stub members.
 * @param signature     name and erased parameter types, hashed into {@code id}.
 * @param id            the stable method id.
 * @param parameters    the request message's fields.
 * @param result        the reply's field 1, or {@code null} for {@code Void} and one-way methods.
 * @param completionStage declared as {@code CompletionStage} rather than {@code CompletableFuture}.
 * @param clientCallable  game clients may call it through a gateway ({@code @ClientCallable} on the
 *                        method, on the interface that declares it, or on the grain interface).
 */
public record MethodModel(
    String name,
    String uniqueName,
    String signature,
    int id,
    List<Field> parameters,
    ValueType result,
    boolean oneWay,
    boolean readOnly,
    boolean alwaysInterleave,
    long timeoutMillis,
    boolean completionStage,
    boolean clientCallable) {

    public MethodModel {
        parameters = List.copyOf(parameters);
    }

    /** A constant-style name: {@code ADD_SCORE}. */
    public String constantName() {
        return Names.constantCase(uniqueName);
    }
}
