package io.grain.sample.arena;

import io.grain.runtime.GrainContext;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Answers with its member's load, read from the member's and its gateway's counters (any thread may read those). */
public final class MemberStatusGrain implements MemberStatus {
    private final Supplier<MemberLoad> load;

    /** @param load reads the member's load; called on the activation's thread, must be quick. */
    public MemberStatusGrain(final GrainContext context, final Supplier<MemberLoad> load) {
        this.load = Objects.requireNonNull(load, "load");
    }

    @Override
    public CompletableFuture<MemberLoad> load() {
        return CompletableFuture.completedFuture(load.get());
    }
}
