package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;
import io.grain.storage.GrainState;

import java.util.concurrent.CompletableFuture;

/**
 * Its state is loaded before its first call runs; the call fails when nothing was stored, so a
 * load that silently found nothing counts as an error, not as a fast activation.
 */
public final class StateLoaderGrain implements StateLoader {
    private final GrainState<Tally> state;

    public StateLoaderGrain(final GrainContext context) {
        state = context.state(TallyStoredType.INSTANCE);
    }

    @Override
    public CompletableFuture<Long> loaded() {
        if (!state.exists()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no stored state was loaded"));
        }
        return CompletableFuture.completedFuture(state.get().value());
    }
}
