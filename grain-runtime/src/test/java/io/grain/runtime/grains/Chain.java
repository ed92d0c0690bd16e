package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Calls along a path of chain grains: A.relay([B, A]) is A -> B -> A. */
@Grain("chain")
public interface Chain {
    CompletableFuture<String> relay(List<String> path);
}
