package io.grain.tracing.opentelemetry.grains;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Calls along a path: relay on A with [B, C] is A -> B -> C; each answers its key and the rest's. */
@Grain("relay")
public interface Relay {
    CompletableFuture<String> relay(List<String> path);

    /** Fails with {@code message}. */
    CompletableFuture<Void> fail(String message);
}
