package io.grain.metrics.micrometer.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with a stored greeting count, for the meters' tests. */
@Grain("greeter")
public interface Greeter {
    /** Counts the greeting, writes the count, answers "hello name #count". */
    CompletableFuture<String> hello(String name);

    /** Fails with {@code message}. */
    CompletableFuture<Void> fail(String message);
}
