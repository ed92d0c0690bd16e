package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class BlobGrain implements Blob {
    public BlobGrain(final GrainContext context) {
    }

    @Override
    public CompletableFuture<byte[]> reversed(final byte[] data) {
        final byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[data.length - 1 - i];
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<byte[]> bytes(final int length) {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte)i;
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<String> digest(final byte[] data) {
        long sum = 0;
        for (final byte b : data) {
            sum += b;
        }
        return CompletableFuture.completedFuture(data.length + ":" + sum);
    }
}
