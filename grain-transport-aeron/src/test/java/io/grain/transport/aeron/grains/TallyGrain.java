package io.grain.transport.aeron.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class TallyGrain implements Tally {
    private final GrainContext context;
    private final int memberId;
    private int total;

    public TallyGrain(final GrainContext context, final int memberId) {
        this.context = context;
        this.memberId = memberId;
    }

    @Override
    public CompletableFuture<Integer> add(final int delta) {
        total += delta;
        return CompletableFuture.completedFuture(total);
    }

    @Override
    public CompletableFuture<Integer> host() {
        return CompletableFuture.completedFuture(memberId);
    }

    @Override
    public CompletableFuture<byte[]> echo(final byte[] data) {
        return CompletableFuture.completedFuture(data);
    }

    @Override
    public CompletableFuture<byte[]> echoVia(final String key, final byte[] data) {
        return context.grains().get(Tally.class, key).echo(data);
    }

    @Override
    public CompletableFuture<String> threadName() {
        return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }

    @Override
    public CompletableFuture<byte[]> bytes(final int size) {
        return CompletableFuture.completedFuture(new byte[size]);
    }
}
