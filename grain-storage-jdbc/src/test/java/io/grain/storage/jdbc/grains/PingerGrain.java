package io.grain.storage.jdbc.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.Remindable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Prints {@code FIRED <key> <reminder> member=<id>} on each tick: the multi-process test reads its
 * members' output. A test program, so it talks on stdout.
 */
public final class PingerGrain implements Pinger, Remindable {
    private final GrainContext context;
    private final int member;

    public PingerGrain(final GrainContext context, final int member) {
        this.context = context;
        this.member = member;
    }

    @Override
    public CompletableFuture<Void> arm(final long dueMillis, final long periodMillis) {
        return context.reminders().register("ping", Duration.ofMillis(dueMillis), Duration.ofMillis(periodMillis));
    }

    @Override
    public CompletableFuture<Void> onReminder(final String name) {
        System.out.println("FIRED " + context.id().stringKey() + " " + name + " member=" + member);
        System.out.flush();
        return CompletableFuture.completedFuture(null);
    }
}
