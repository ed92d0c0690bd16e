package io.grain.runtime.shard;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.membership.MembershipView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The calls a shard made (for its grains, and for outside callers whose home it is) that wait for
 * their replies, each with its timeout in {@link CallTimeouts} (no timer per call). A call lives in
 * a slot of an array that only grows; its correlation id is the slot's index and the slot's
 * generation ({@link #correlationId}), so a reply finds its call by indexing, with no hashing and
 * no allocation, and a reply that comes after its call ended (timed out, failed, or a duplicate)
 * names an older generation and is dropped. Free slots are a stack, so the slots in use stay few
 * and hot. A reply, a timeout or the loss of the target member completes the call's future: on
 * the shard, in the caller's context, for a grain; on the callback executor for an outside caller.
 *
 * <p>Thread ownership: the shard's thread; {@link #failAll} also from the thread that stops the
 * shard once it no longer runs.
 */
final class PendingCalls implements CallTimeouts.Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

    private final ShardAgent shard;
    private final MemberConfig config;
    /** Bits of a correlation id that hold the slot; the bits above hold its generation. */
    static final int SLOT_BITS = 24;
    /** Most calls one shard may have waiting at once. */
    static final int MAX_SLOTS = 1 << SLOT_BITS;
    private static final long SLOT_MASK = MAX_SLOTS - 1;
    private static final long GENERATION_MASK = (1L << (63 - SLOT_BITS)) - 1;
    private static final int INITIAL_SLOTS = 256;

    /** Every slot ever used, each with its {@link PendingCall}; {@link PendingCall#waiting} says whether in use. */
    private PendingCall[] slots = new PendingCall[INITIAL_SLOTS];
    /** Slots used so far: those below are in {@link #slots}. */
    private int used;
    /** Indexes of free slots below {@link #used}, a stack. */
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;
    private final ArrayList<PendingCall> scratch = new ArrayList<>();
    private final CallTimeouts timeouts = new CallTimeouts();
    private final OutsideCompletions outsideCompletions;

    PendingCalls(final ShardAgent shard) {
        this.shard = shard;
        this.config = shard.member().config();
        this.outsideCompletions = shard.outside;
    }

    /** The correlation id of generation {@code generation} of slot {@code slot}; never 0. */
    static long correlationId(final long generation, final int slot) {
        return ((generation & GENERATION_MASK) << SLOT_BITS) | slot;
    }

    /**
     * Registers {@code call} as waiting for its reply: gives it a correlation id, this shard as its
     * caller shard, and its timeout. False when this shard already has {@link #MAX_SLOTS} calls
     * waiting; then nothing is registered.
     */
    boolean register(final Envelope call, final CompletableFuture<Object> future, final ReplyDecoder<?> decoder,
        final Activation callerActivation, final boolean outside) {
        final PendingCall p = takeSlot();
        if (p == null) {
            return false;
        }
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
        call.correlationId = p.correlationId;
        call.callerShard = shard.index();
        call.timeoutMillis = timeout;
        return true;
    }

    /** A free slot with its next generation, marked waiting; null when every slot is taken. */
    private PendingCall takeSlot() {
        final PendingCall p;
        if (freeCount > 0) {
            p = slots[free[--freeCount]];
        } else {
            if (used == slots.length) {
                if (used == MAX_SLOTS) {
                    return null;
                }
                slots = Arrays.copyOf(slots, Math.min(MAX_SLOTS, used * 2));
            }
            p = new PendingCall(used);
            slots[used++] = p;
        }
        p.generation++;
        p.correlationId = correlationId(p.generation, p.slot);
        p.waiting = true;
        return p;
    }

    /** The waiting call of {@code correlationId}, or null (unknown, or of an older generation: its call ended). */
    private PendingCall find(final long correlationId) {
        final long slot = correlationId & SLOT_MASK;
        if (slot >= used) {
            return null;
        }
        final PendingCall p = slots[(int)slot];
        return p.waiting && p.correlationId == correlationId ? p : null;
    }

    /** Frees the slot of {@code p}: its correlation id is dead from now on. */
    private void freeSlot(final PendingCall p) {
        p.waiting = false;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = p.slot;
    }

    /** Calls waiting now: every slot used but the free ones. */
    int waiting() {
        return used - freeCount;
    }

    private long timeoutMillis(final PendingCall p) {
        return p.method.timeoutMillis() > 0 ? p.method.timeoutMillis() : config.callTimeoutMillis();
    }

    /** A reply (or error reply) arrived: completes its call, unless it timed out already. */
    void onReply(final Envelope reply) {
        final PendingCall p = find(reply.correlationId);
        if (p == null) {
            shard.release(reply);
            return;
        }
        freeSlot(p);
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
                value = p.decoder.decode(reply.payloadReader(shard.invoker()));
            } catch (final Throwable t) {
                // an Error too: the call is already out of the table, so whatever the decoder throws
                // must complete it, or its caller would wait for ever
                error = t;
            }
        }
        shard.release(reply);
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
        if (p.waiting) {
            freeSlot(p);
            shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
            complete(p, null, new TimeoutException("call of " + p.method.signature() + " on " + p.target
                + " timed out after " + timeoutMillis(p) + " ms"));
        }
    }

    /** Fails at once the calls whose target member is not in {@code view} (it left or crashed). */
    void failCallsToGoneMembers(final MembershipView view) {
        final int memberId = shard.member().memberId();
        scratch.clear();
        for (int i = 0; i < used; i++) {
            final PendingCall p = slots[i];
            if (p.waiting && p.targetMember != memberId && !view.contains(p.targetMember)) {
                scratch.add(p);
            }
        }
        for (int i = 0; i < scratch.size(); i++) {
            final PendingCall p = scratch.get(i);
            freeSlot(p);
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
     * Fails calls still waiting for replies, once the shard no longer runs, each with an exception
     * of its own from {@code error}.
     *
     * @param includeGrainCallers also fail calls made by grains (on a crash their code is gone).
     */
    void failAll(final Supplier<? extends RuntimeException> error, final boolean includeGrainCallers) {
        scratch.clear();
        timeouts.clear();
        for (int i = 0; i < used; i++) {
            final PendingCall p = slots[i];
            if (p.waiting) {
                if (p.outside || includeGrainCallers) {
                    scratch.add(p);
                } else {
                    freeSlot(p);
                    p.clear();
                }
            }
        }
        for (int i = 0; i < scratch.size(); i++) {
            // each slot is freed only now: a completion's code may register a call into a free slot
            final PendingCall p = scratch.get(i);
            final CompletableFuture<Object> future = p.future;
            final boolean outside = p.outside;
            freeSlot(p);
            p.clear();
            if (outside) {
                outsideCompletions.complete(future, null, error.get());
            } else {
                future.completeExceptionally(error.get());
            }
        }
        scratch.clear();
    }

    /** Fails the future of an outside call that never reached its home shard's pending calls. */
    void failOutside(final CompletableFuture<Object> future, final RuntimeException error) {
        outsideCompletions.complete(future, null, error);
    }
}
