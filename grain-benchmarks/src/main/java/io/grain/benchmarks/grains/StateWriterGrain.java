package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;
import io.grain.storage.GrainState;

import java.util.concurrent.CompletableFuture;

/** {@code state.set(..)} then {@code write()}; the call answers when the storage has committed the write. */
public final class StateWriterGrain implements StateWriter {
    private final GrainState<Tally> state;

    public StateWriterGrain(final GrainContext context) {
        state = context.state(TallyStoredType.INSTANCE);
    }

    @Override
    public CompletableFuture<Void> store(final long value) {
        state.set(new Tally(value));
        return state.write();
    }
}
