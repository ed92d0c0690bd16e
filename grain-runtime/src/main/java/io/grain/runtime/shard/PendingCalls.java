package io.grain.runtime.shard;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.membership.MembershipView;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The calls a shard made (for its grains, and for outside callers whose home it is) that wait for
 * their replies: keyed by correlation id, each with its timeout in {@link CallTimeouts} (no timer
 * per call). A reply, a
 * timeout or the loss of the target member completes the call's future: on the shard, in the
 * caller's context, for a grain; on the callback executor for an outside caller.
 *
 * <p>Thread ownership: the shard's thread; {@link #failAll} also from the thread that stops the
 * shard once it no longer runs.
 */
final class PendingCalls implements CallTimeouts.Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

    private final ShardAgent shard;
    private final MemberConfig config;
    private final Long2ObjectHashMap<PendingCall> pending = new Long2ObjectHashMap<>();
    private final ArrayDeque<PendingCall> pool = new ArrayDeque<>();
    private final ArrayList<PendingCall> scratch = new ArrayList<>();
    private final CallTimeouts timeouts = new CallTimeouts();
    private final OutsideCompletions outsideCompletions;
    private long correlations;

    PendingCalls(final ShardAgent shard) {
        this.shard = shard;
        this.config = shard.member().config();
        this.outsideCompletions = shard.outside;
    }

    /**
     * Registers {@code call} as waiting for its reply: gives it a correlation id, this shard as its
     * caller shard, and its timeout.
     */
    void register(final Envelope call, final CompletableFuture<Object> future, final ReplyDecoder<?> decoder,
        final Activation callerActivation, final boolean outside) {
        PendingCall p = pool.poll();
        if (p == null) {
            p = new PendingCall();
        }
        p.correlationId = ++correlations;
        p.future = future;
        p.decoder = decoder;
        p.outside = outside;
        p.callerActivation = callerActivation;
        p.chainId = call.chainId;
        p.targetMember = call.targetMember;
        p.method = call.method;
        p.target = call.target;
        final long timeout = timeoutMillis(p);
        timeouts.add(p, timeout, shard.now());
        pending.put(p.correlationId, p);
        call.correlationId = p.correlationId;
        call.callerShard = shard.index();
        call.timeoutMillis = timeout;
    }

    private long timeoutMillis(final PendingCall p) {
        return p.method.timeoutMillis() > 0 ? p.method.timeoutMillis() : config.callTimeoutMillis();
    }

    /** A reply (or error reply) arrived: completes its call, unless it timed out already. */
    void onReply(final Envelope reply) {
        final PendingCall p = pending.remove(reply.correlationId);
        if (p == null) {
            shard.member().pool().release(reply);
            return;
        }
        timeouts.remove(p);
        Object value = null;
        Throwable error = null;
        if (reply.type == Envelope.ERROR) {
            error = GrainUnavailableException.class.getName().equals(reply.errorType)
                ? new GrainUnavailableException(reply.errorMessage)
                : new GrainException(reply.errorType, reply.errorMessage);
        } else if (reply.valueByReference) {
            value = reply.value;
        } else {
            try {
                value = p.decoder.decode(reply.payloadReader(shard.member().invoker()));
            } catch (final Throwable t) {
                // an Error too: the call is already out of the table, so whatever the decoder throws
                // must complete it, or its caller would wait for ever
                error = t;
            }
        }
        shard.member().pool().release(reply);
        complete(p, value, error);
    }

    /** Times out the calls whose deadline passed at {@code now}, at most {@code limit}; returns how many. */
    int expire(final long now, final int limit) {
        return timeouts.expire(now, this, limit);
    }

    /** The earliest deadline of a pending call, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        return timeouts.nextDeadline();
    }

    /** The timeout of {@code p} expired ({@link CallTimeouts} unlinked it already). */
    @Override
    public void onTimeout(final PendingCall p) {
        if (pending.remove(p.correlationId) == p) {
            shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
            complete(p, null, new TimeoutException("call of " + p.method.signature() + " on " + p.target
                + " timed out after " + timeoutMillis(p) + " ms"));
        }
    }

    /** Fails at once the calls whose target member is not in {@code view} (it left or crashed). */
    void failCallsToGoneMembers(final MembershipView view) {
        final int memberId = shard.member().memberId();
        scratch.clear();
        for (final PendingCall p : pending.values()) {
            if (p.targetMember != memberId && !view.contains(p.targetMember)) {
                scratch.add(p);
            }
        }
        for (int i = 0; i < scratch.size(); i++) {
            final PendingCall p = scratch.get(i);
            pending.remove(p.correlationId);
            timeouts.remove(p);
            shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
            complete(p, null, new GrainUnavailableException("member " + p.targetMember + " left or crashed before it replied to "
                + p.method.signature() + " on " + p.target));
        }
        scratch.clear();
    }

    private void complete(final PendingCall p, final Object value, final Throwable error) {
        final CompletableFuture<Object> future = p.future;
        final boolean outside = p.outside;
        final Activation caller = p.callerActivation;
        final long chain = p.chainId;
        p.clear();
        pool.add(p);
        if (outside) {
            outsideCompletions.complete(future, value, error);
            return;
        }
        // the method of the turn that awaits this call, found now: the continuation may end that turn
        final Turn awaiting = caller != null ? caller.runningTurn(chain) : null;
        final GrainMethod awaitingMethod = awaiting != null ? awaiting.method : null;
        final long start = shard.context.enter(caller, chain, awaiting);
        try {
            OutsideCompletions.completeNow(future, value, error);
        } catch (final Throwable t) {
            LOG.error("a continuation of {} failed", caller != null ? caller.id : "shard " + shard.index(), t);
        } finally {
            shard.context.leaveContinuation(caller, awaitingMethod, start);
        }
    }

    /**
     * Fails calls still waiting for replies, once the shard no longer runs.
     *
     * @param includeGrainCallers also fail calls made by grains (on a crash their code is gone).
     */
    void failAll(final RuntimeException error, final boolean includeGrainCallers) {
        scratch.clear();
        for (final PendingCall p : pending.values()) {
            if (p.outside || includeGrainCallers) {
                scratch.add(p);
            }
        }
        pending.clear();
        timeouts.clear();
        for (int i = 0; i < scratch.size(); i++) {
            final PendingCall p = scratch.get(i);
            if (p.outside) {
                outsideCompletions.complete(p.future, null, error);
            } else {
                p.future.completeExceptionally(error);
            }
        }
        scratch.clear();
    }

    /** Fails the future of an outside call that never reached its home shard's pending calls. */
    void failOutside(final CompletableFuture<Object> future, final RuntimeException error) {
        outsideCompletions.complete(future, null, error);
    }
}
