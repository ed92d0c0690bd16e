package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;

import java.util.concurrent.CompletableFuture;

/** A topic subscriber for the fan-out benchmark; {@link #onTick} is also the anchor's plain one-way call. */
@Grain("fan")
public interface Fan {
    @OneWay
    void onTick(Tick tick);

    /**
     * The anchor: {@code rounds} one-way {@link #onTick} calls to each fan of {@code keys} from this
     * grain's turn, the work an inbox does for a batch; completes when they are sent.
     */
    CompletableFuture<Void> blast(java.util.List<Long> keys, int rounds);

    /** Subscribes this grain's {@link #onTick} to {@code topic}. */
    CompletableFuture<Void> join(String topic);
}
