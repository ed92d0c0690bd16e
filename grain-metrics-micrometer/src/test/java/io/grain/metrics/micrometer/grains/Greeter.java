package io.grain.metrics.micrometer.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.ReadOnly;

import java.util.concurrent.CompletableFuture;

/** A grain with a stored greeting count, for the meters' tests. */
@Grain("greeter")
public interface Greeter {
    /** Counts the greeting, writes the count, answers "hello name #count". */
    CompletableFuture<String> hello(String name);

    /** How many greetings it counted (a read without storage I/O). */
    @ReadOnly
    CompletableFuture<Integer> count();

    /** Fails with {@code message}. */
    CompletableFuture<Void> fail(String message);
}
