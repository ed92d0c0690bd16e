package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that calls another and goes on with its own code before the callee's turn may run. */
@Grain("caller")
public interface Caller {
    /** Calls {@code other}.note("callee"), traces "caller after call", and answers with the callee's answer. */
    CompletableFuture<String> callThen(String other);

    CompletableFuture<String> note(String tag);
}
