package io.grain.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * Implemented by a grain that registers reminders ({@link GrainContext#reminders()}): each tick of
 * a reminder is delivered as a turn of the grain, activating it first if needed, on whichever
 * member owns the grain. The runtime checks {@code instanceof} once per registration and per tick;
 * no reflection.
 *
 * <p>{@code onReminder} runs on the activation's shard thread under the turn rules of an ordinary
 * (non-read-only, non-interleaving) method. A tick counts as delivered when the turn ended, also
 * when the returned future failed: the failure is logged and counted and the reminder keeps
 * ticking (docs/REMINDERS.md).
 */
public interface Remindable {
    /** A tick of the reminder {@code name} of this grain. */
    CompletableFuture<Void> onReminder(String name);
}
