package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.Reentrant;

import java.util.concurrent.CompletableFuture;

@Grain("reentrant-turns")
@Reentrant
public interface ReentrantTurns {
    CompletableFuture<String> hold(String tag);
}
