package io.grain.benchmarks.grains;

import io.grain.annotation.ClientObserver;

/** What the gateway benchmark's grain pushes to its player: the processor generates TicksPush. */
@ClientObserver("ticks")
public interface Ticks {
    void tick(int seq);
}
