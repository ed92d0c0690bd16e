package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that blocks on the future of its own call, the mistake the runtime must refuse at once. */
@Grain("blocker")
public interface Blocker {
    /** Calls {@code callee}'s {@link #name()} and joins its future inside the turn. */
    CompletableFuture<String> joinCall(String callee);

    /** Calls {@code callee}'s {@link #name()}, derives a stage with thenApply and waits on it with get(). */
    CompletableFuture<String> getDerived(String callee);

    CompletableFuture<String> name();

    /** Completes when the test opens the gate named {@code gate} (see {@link Gates}). */
    CompletableFuture<String> waitFor(String gate);
}
