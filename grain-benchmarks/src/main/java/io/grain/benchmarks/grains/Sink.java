package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** The large-message benchmark's callee: takes a byte array and answers its length. */
@Grain("sink")
public interface Sink {
    CompletableFuture<Integer> take(byte[] data);
}
