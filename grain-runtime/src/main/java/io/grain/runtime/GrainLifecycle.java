package io.grain.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * Optional activation and deactivation hooks of a grain implementation. The runtime checks once per
 * activation whether the grain object implements this interface ({@code instanceof}, no
 * reflection), so a grain that needs no hooks implements only its grain interface.
 *
 * <p>Both hooks run on the activation's shard thread. {@link #onActivate()} runs after the
 * constructor and before the first call; a failed or throwing {@code onActivate} fails the calls
 * waiting for the activation, and the next call tries a fresh activation. {@link #onDeactivate()}
 * runs when the grain is collected after being idle, when it asked to be deactivated, when it
 * moves to another member, and when its member closes; it does not run when a member crashes.
 */
public interface GrainLifecycle {
    /** Called once before the first call; calls wait until the returned future completes. */
    default CompletableFuture<Void> onActivate() {
        return CompletableFuture.completedFuture(null);
    }

    /** Called once when the activation ends; its timers are already cancelled. */
    default CompletableFuture<Void> onDeactivate() {
        return CompletableFuture.completedFuture(null);
    }
}
