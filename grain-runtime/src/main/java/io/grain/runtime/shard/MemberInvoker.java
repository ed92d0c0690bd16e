package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.placement.RendezvousPlacement;

import java.util.concurrent.CompletableFuture;

/**
 * Where a member's generated clients send calls. A call begun on one of this member's shard
 * threads, inside grain code, belongs to that shard (found with {@link ShardAgent#current()}, the
 * one ThreadLocal lookup of a call: grain code's own clients use its shard's {@code ShardInvoker}
 * and skip it) and is that shard's invoker's: its future completes on that thread and it
 * carries the running turn's call chain. A call from any other thread is an outside call: it goes
 * to its home shard through a concurrent queue, and its future completes on the member's callback
 * executor, never on a shard thread. A call carries the trace context of the request whose code
 * makes it, or, from an outside thread, what the member's tracer finds current there. Thread safe.
 */
final class MemberInvoker implements CallInvoker, Envelope.CallSender {
    private final MemberRuntime member;

    MemberInvoker(final MemberRuntime member) {
        this.member = member;
    }

    @Override
    public OutboundCall begin(final GrainId target, final GrainMethod method) {
        final ShardAgent shard = ShardAgent.current();
        if (shard != null && shard.member() == member) {
            // grain code calling through a reference made outside it: the call is its shard's
            return shard.invoker().beginHere(target, method);
        }
        final Envelope call = member.pool().acquire();
        call.sender = this;
        member.place(call, target, method);
        call.callerShard = ShardAgent.OUTSIDE;
        call.chainId = member.nextOutsideChain();
        final CallTracer tracer = member.config().tracer();
        if (tracer != null && !tracer.currentTrace(call.trace)) {
            call.trace.clear();
        }
        return call;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> request(final Envelope call, final ReplyDecoder<R> decoder) {
        if (!member.acceptsCalls()) {
            member.pool().release(call);
            return CompletableFuture.failedFuture(member.unavailable());
        }
        if (call.targetMember == RendezvousPlacement.NO_MEMBER) {
            // the message first: releasing the envelope clears its target
            final GrainUnavailableException error = new GrainUnavailableException("no live member to host " + call.target);
            member.pool().release(call);
            return CompletableFuture.failedFuture(error);
        }
        final CompletableFuture<Object> future = new GrainCallFuture<>(call.target, call.method);
        call.outsideFuture = future;
        call.outsideDecoder = decoder;
        member.offerOutside(call);
        return (CompletableFuture<R>)future;
    }

    @Override
    public void send(final Envelope call) {
        if (!member.acceptsCalls() || call.targetMember == RendezvousPlacement.NO_MEMBER) {
            member.pool().release(call);
            return;
        }
        member.offerOutside(call);
    }

    @Override
    public <R> CompletableFuture<R> abandon(final Envelope call, final Throwable cause) {
        member.pool().release(call);
        return CompletableFuture.failedFuture(cause);
    }
}
