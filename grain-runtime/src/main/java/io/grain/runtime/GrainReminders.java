package io.grain.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Durable reminders of one grain, kept in the member's storage: unlike a {@link GrainTimers timer},
 * a reminder outlives its activation, the member that hosts the grain, and a restart of the whole
 * cluster, and its ticks activate the grain (which must implement {@link Remindable}). Rules
 * (minimum period, ticks missed while no member ran, at-least-once delivery) are in
 * docs/REMINDERS.md.
 *
 * <p>Thread ownership: call only from the grain's own code (its shard thread); the futures
 * complete on the activation's thread, in the call chain of the code that called.
 */
public interface GrainReminders {
    /**
     * Registers reminder {@code name}: its first tick after {@code dueTime}, then every
     * {@code period}. Registering a name again replaces it (its ticks start over from the new due
     * time). Completes when the reminder is stored.
     *
     * @throws IllegalArgumentException when the name is empty or too long, {@code dueTime} is
     *         negative, or {@code period} is shorter than the member's minimum reminder period.
     * @throws IllegalStateException when the grain does not implement {@link Remindable}, is a
     *         stateless worker, or its member has no storage.
     */
    CompletableFuture<Void> register(String name, Duration dueTime, Duration period);

    /** Removes reminder {@code name} (nothing happens when there is none); completes when it is deleted from storage. */
    CompletableFuture<Void> unregister(String name);

    /** The names of this grain's reminders, as stored, in name order. */
    CompletableFuture<Set<String>> names();
}
