package io.grain.runtime.topic;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoWriter;

import java.util.concurrent.CompletableFuture;

/**
 * Finds which method a subscriber's method reference ({@code Lobby::onChat}) calls: the reference
 * is run once, at subscribe time, on a client whose invoker records the method instead of sending.
 * Nothing is sent.
 *
 * <p>Thread ownership: one use, on the subscribing thread.
 */
final class MethodCapture implements CallInvoker, OutboundCall {
    private final ProtoWriter scratch = new ProtoWriter(64);
    private GrainMethod method;
    private int calls;

    @Override
    public OutboundCall begin(final GrainId target, final GrainMethod m) {
        method = m;
        calls++;
        scratch.reset();
        return this;
    }

    /** The method called, or null when the reference called none. */
    GrainMethod method() {
        return method;
    }

    /** How many calls the reference made. */
    int calls() {
        return calls;
    }

    @Override
    public boolean passesReferences() {
        return false;
    }

    @Override
    public void reference(final int index, final Object value) {
        // never passes references
    }

    @Override
    public ProtoWriter arguments() {
        return scratch;
    }

    @Override
    public <R> CompletableFuture<R> request(final ReplyDecoder<R> replyDecoder) {
        return new CompletableFuture<>();
    }

    @Override
    public void send() {
        // recorded in begin; nothing leaves
    }

    @Override
    public <R> CompletableFuture<R> abandon(final Throwable cause) {
        return CompletableFuture.failedFuture(cause);
    }
}
