package io.grain.transport.aeron.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A test grain: a running total that also tells which member hosts it. */
@Grain("tally")
public interface Tally {
    CompletableFuture<Integer> add(int delta);

    /** The id of the member hosting this activation. */
    CompletableFuture<Integer> host();

    CompletableFuture<byte[]> echo(byte[] data);

    /**
     * Has the tally {@code key} echo {@code data} and returns its reply: a call from this grain's
     * member to the member hosting {@code key}, with the same bytes both ways.
     */
    CompletableFuture<byte[]> echoVia(String key, byte[] data);

    /** The name of the thread this activation's code runs on. */
    CompletableFuture<String> threadName();

    /** {@code size} bytes: a small request with a reply as large as wanted. */
    CompletableFuture<byte[]> bytes(int size);
}
