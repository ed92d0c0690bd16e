package io.grain.runtime.grains;

import io.grain.annotation.AlwaysInterleave;
import io.grain.annotation.Grain;
import io.grain.annotation.ReadOnly;
import io.grain.annotation.Timeout;

import java.util.concurrent.CompletableFuture;

/** A grain whose turns wait on gates the test opens. */
@Grain("turns")
public interface Turns {
    CompletableFuture<String> hold(String tag);

    @ReadOnly
    CompletableFuture<String> read(String tag);

    @AlwaysInterleave
    CompletableFuture<String> poke(String tag);

    @Timeout(millis = 500)
    CompletableFuture<String> quick(String tag);
}
