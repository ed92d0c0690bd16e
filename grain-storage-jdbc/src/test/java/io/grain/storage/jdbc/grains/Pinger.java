package io.grain.storage.jdbc.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with a durable reminder, for the multi-process restart test. */
@Grain("pinger")
public interface Pinger {
    /** Registers reminder "ping" with this due time and period; completes when it is stored. */
    CompletableFuture<Void> arm(long dueMillis, long periodMillis);
}
