package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pipelines calls to echo grains from grain code. Every reply completes on this activation's
 * shard thread, so the counters need no synchronisation; the turn stays open until the last
 * reply is in.
 */
public final class PingerGrain implements Pinger {
    private final GrainContext context;
    private Echo[] targets;
    private int calls;
    private int issued;
    private int completed;
    private long failed;
    private CompletableFuture<Long> done;

    public PingerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Long> drive(final List<Long> targetKeys, final int count, final int window) {
        targets = new Echo[targetKeys.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = context.grains().get(Echo.class, targetKeys.get(i).longValue());
        }
        this.calls = count;
        issued = 0;
        completed = 0;
        failed = 0;
        done = new CompletableFuture<>();
        for (int i = 0; i < Math.min(window, count); i++) {
            issue();
        }
        return done;
    }

    private void issue() {
        final int i = issued++;
        targets[i % targets.length].echo(i).whenComplete(this::onReply);
    }

    private void onReply(final Integer value, final Throwable error) {
        completed++;
        if (error != null) {
            failed++;
        }
        if (issued < calls) {
            issue();
        } else if (completed == calls) {
            done.complete(failed);
        }
    }
}
