package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with lifecycle hooks and timers. */
@Grain("life")
public interface Life {
    CompletableFuture<Integer> touch();

    /** Starts a periodic timer that counts ticks. */
    CompletableFuture<Void> tickEvery(long periodMillis);

    /** Starts a one-shot timer. */
    CompletableFuture<Void> alarmIn(long delayMillis);

    CompletableFuture<Integer> ticks();

    CompletableFuture<Void> retire();
}
