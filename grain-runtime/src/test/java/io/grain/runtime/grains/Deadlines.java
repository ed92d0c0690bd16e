package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.Timeout;

import java.util.concurrent.CompletableFuture;

/** A grain whose calls wait on gates the test opens, with three different timeouts. */
@Grain("deadlines")
public interface Deadlines {
    @Timeout(millis = 200)
    CompletableFuture<String> brief(String tag);

    @Timeout(millis = 500)
    CompletableFuture<String> medium(String tag);

    /** The member's default timeout. */
    CompletableFuture<String> standard(String tag);

    /**
     * Calls {@code method} ("brief", "medium" or "standard") of the deadlines grain {@code callee}
     * and adds to {@link Trace} how that call ended, in this grain's turn, as the shard completes it.
     */
    @Timeout(millis = 600_000)
    CompletableFuture<String> callAndRecord(String callee, String method, String tag);
}
