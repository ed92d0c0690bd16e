package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.placement.RendezvousPlacement;

import java.util.concurrent.CompletableFuture;

/**
 * The invoker of calls made by one shard's grain code: the clients its grain code makes (through
 * {@code GrainContext.grains()}, {@code self()} or the member's factory, which binds a client made
 * on a shard thread to that shard's invoker), and the grain references decoded on the shard.
 * A call begun on the shard's own thread takes an envelope from the shard's pool, is placed once
 * (owner and shard from one hash), carries the running turn's call chain and trace, and registers
 * its pending call here: no ThreadLocal, no concurrent queue. To a grain of this shard it goes
 * through the shard-local queue and runs later in the same duty cycle, never as a nested turn on
 * the caller's stack. Begun on any other thread (the reference left its grain), it is whatever the
 * member's invoker makes of it there.
 *
 * <p>Thread safety: {@link #begin} from any thread; a call it returned belongs to the thread that
 * began it until sent.
 */
public final class ShardInvoker implements CallInvoker, Envelope.CallSender {
    private final ShardAgent shard;
    private final MemberRuntime member;

    ShardInvoker(final ShardAgent shard) {
        this.shard = shard;
        this.member = shard.member();
    }

    @Override
    public OutboundCall begin(final GrainId target, final GrainMethod method) {
        return shard.runsHere() ? beginHere(target, method) : member.invoker().begin(target, method);
    }

    /** {@link #begin} on this shard's thread, which the caller made sure of. */
    public OutboundCall beginHere(final GrainId target, final GrainMethod method) {
        final Envelope call = shard.acquireEnvelope();
        call.sender = this;
        member.place(call, target, method);
        call.callerShard = shard.index();
        call.chainId = shard.currentChain();
        // the running request's span is the callee's parent (a copy: the envelope is the callee's)
        call.trace.copyFrom(shard.currentTrace());
        return call;
    }

    @Override
    public <R> CompletableFuture<R> request(final Envelope call, final ReplyDecoder<R> decoder) {
        if (!member.acceptsCalls()) {
            shard.release(call);
            return CompletableFuture.failedFuture(member.unavailable());
        }
        if (call.targetMember == RendezvousPlacement.NO_MEMBER) {
            // the message first: releasing the envelope clears its target
            final GrainUnavailableException error = new GrainUnavailableException("no live member to host " + call.target);
            shard.release(call);
            return CompletableFuture.failedFuture(error);
        }
        return shard.request(call, decoder);
    }

    @Override
    public void send(final Envelope call) {
        if (!member.acceptsCalls() || call.targetMember == RendezvousPlacement.NO_MEMBER) {
            shard.release(call);
            return;
        }
        shard.send(call);
    }

    @Override
    public <R> CompletableFuture<R> abandon(final Envelope call, final Throwable cause) {
        shard.release(call);
        return CompletableFuture.failedFuture(cause);
    }
}
