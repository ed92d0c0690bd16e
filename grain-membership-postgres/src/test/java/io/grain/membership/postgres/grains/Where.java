package io.grain.membership.postgres.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A test grain that tells which member hosts it and keeps a running total. */
@Grain("where")
public interface Where {
    /** The id of the member hosting this activation. */
    CompletableFuture<Integer> host();

    CompletableFuture<Integer> add(int delta);
}
