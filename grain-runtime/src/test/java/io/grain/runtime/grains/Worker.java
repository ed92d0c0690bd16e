package io.grain.runtime.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.StatelessWorker;

import java.util.concurrent.CompletableFuture;

@Grain("worker")
@StatelessWorker(max = 2)
public interface Worker {
    /** Waits for gate {@code tag}; answers with the activation's serial number. */
    CompletableFuture<String> work(String tag);
}
