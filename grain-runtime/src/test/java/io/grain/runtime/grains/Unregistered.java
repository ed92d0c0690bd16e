package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain interface no member hosts. */
@Grain("unregistered")
public interface Unregistered {
    CompletableFuture<Integer> anything();
}
