package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that fails on request, to test supervision. */
@Grain("fragile")
public interface Fragile {
    /** Counts in memory: a fresh activation starts at 1. */
    CompletableFuture<Integer> bump();

    /** Fails: "exception" throws, "error" throws an Error, "future" returns a failed future. */
    CompletableFuture<Integer> fail(String how);

    /** Waits until the test opens gate {@code gate}, then fails with an IllegalStateException. */
    CompletableFuture<Integer> failLater(String gate);

    /** Stores {@code value} in the durable state. */
    CompletableFuture<Void> save(int value);

    /** Sets {@code value} in memory only. */
    CompletableFuture<Void> setUnsaved(int value);

    /** The state's value in memory. */
    CompletableFuture<Integer> value();
}
