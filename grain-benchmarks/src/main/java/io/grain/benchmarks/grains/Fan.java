package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;

import java.util.concurrent.CompletableFuture;

/** A topic subscriber for the fan-out benchmark; {@link #onTick} is also the anchor's plain one-way call. */
@Grain("fan")
public interface Fan {
    @OneWay
    void onTick(Tick tick);

    /** Subscribes this grain's {@link #onTick} to {@code topic}. */
    CompletableFuture<Void> join(String topic);
}
