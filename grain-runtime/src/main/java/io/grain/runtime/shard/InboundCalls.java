package io.grain.runtime.shard;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainKeys;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.placement.RendezvousPlacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Requests that reach a shard's grains, and their replies: finds the kind and method (or answers
 * with a clear error), forwards a request this member no longer owns, finds or creates the
 * activation, and starts the request as a turn when the turn rules allow (docs/DESIGN.md, "Turns"),
 * else queues it in FIFO order. A turn ends when its future completes; its reply goes back to the
 * caller, by reference when the result is immutable and the caller is local. With an observer,
 * each request's duration from arrival to reply is reported; with a tracer, each turn is a span,
 * a child of the caller's (docs/OPERATIONS.md).
 *
 * <p>Thread ownership: the shard's thread.
 */
final class InboundCalls {
    /** How many times a request may be forwarded after membership changes. */
    static final int MAX_HOPS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);

    private final ShardAgent shard;
    private final MemberRuntime member;
    private final int memberId;
    private final ArrayDeque<Turn> turnPool = new ArrayDeque<>();
    private final MemberObserver observer;
    private final boolean observing;
    private final CallTracer tracer;

    InboundCalls(final ShardAgent shard) {
        this.shard = shard;
        this.member = shard.member();
        this.memberId = member.memberId();
        this.observer = member.config().observer();
        this.observing = observer != MemberObserver.NONE;
        this.tracer = member.config().tracer();
    }

    /** A request for a grain of this shard (or one to forward). */
    void onRequest(final Envelope call) {
        if (observing) {
            call.arrivalNanos = member.config().nanoClock().nanoTime();
        }
        if (shard.isClosing() || member.state() != MemberRuntime.RUNNING) {
            replyError(call, member.unavailable());
            return;
        }
        final KindRegistration registration = member.config().kinds().get(call.target.kind());
        if (registration == null) {
            replyError(call, new GrainUnavailableException("grain kind '" + call.target.kind() + "' is not registered on member "
                + memberId + "; register its implementation with register(...)"));
            return;
        }
        GrainMethod method = registration.dispatcher().method(call.methodId);
        if (method == null && call.methodId == ReminderTick.METHOD_ID) {
            method = ReminderTick.METHOD;
        }
        if (method == null) {
            replyError(call, new IllegalArgumentException("grain kind '" + call.target.kind() + "' ("
                + registration.dispatcher().grainInterface().getName() + ") has no method with id 0x"
                + Integer.toHexString(call.methodId) + "; caller and callee disagree on the interface"));
            return;
        }
        if (!GrainKeys.accepts(registration.dispatcher().keyType(), call.target.keyType())) {
            // A reference built elsewhere (another process, a hand-made GrainId) with the wrong key
            // type would otherwise activate a grain nobody can address through the interface.
            replyError(call, new IllegalArgumentException(GrainKeys.mismatch(registration.dispatcher(), call.target.keyType())));
            return;
        }
        call.method = method;
        final boolean worker = registration.statelessWorkerMax() > 0;
        if (!worker && !call.byReference && !call.pinned && call.hops < MAX_HOPS) {
            final int owner = RendezvousPlacement.owner(call.target, shard.view());
            if (owner != memberId && owner != RendezvousPlacement.NO_MEMBER) {
                call.hops++;
                call.targetMember = owner;
                shard.sender.send(call);
                return;
            }
        }
        if (!worker && registration.supervision().backsOff() && shard.activations.find(call.target) == null) {
            final GrainUnavailableException refused = shard.failures.refusal(call.target);
            if (refused != null) {
                replyError(call, refused);
                return;
            }
        }
        final Activation activation = worker
            ? shard.activations.workerFor(call.target, registration)
            : shard.activations.activationFor(call.target, registration);
        if (call.pinned) {
            activation.pinned = true;
        }
        if (startsNow(activation, call)) {
            runTurn(activation, call);
        } else {
            activation.enqueue(call);
            if (!activation.started) {
                activation.started = true;
                shard.lifecycle.activate(activation);
            }
        }
    }

    // ---- turn rules ------------------------------------------------------------------------------

    /**
     * Whether {@code call} starts at once on {@code a}. An activation that restarts takes only
     * calls of the chains it runs (they would deadlock otherwise); the rest wait for the fresh one.
     */
    private static boolean startsNow(final Activation a, final Envelope call) {
        if (a.state != Activation.ACTIVE) {
            return false;
        }
        if (a.restarting) {
            return a.running > 0 && a.chainRunning(call.chainId);
        }
        return (a.queueHead == null && canStart(a, call)) || bypassesQueue(a, call);
    }

    private static boolean canStart(final Activation a, final Envelope call) {
        if (a.runningWriters == 0 && a.runningReaders == 0) {
            return true;
        }
        final GrainMethod m = call.method;
        if (a.registration.reentrant() || m.alwaysInterleave()) {
            return true;
        }
        if (m.readOnly() && a.runningWriters == 0) {
            return true;
        }
        return a.chainRunning(call.chainId);
    }

    /** Calls that must not wait behind queued calls: they would deadlock or they never block. */
    private static boolean bypassesQueue(final Activation a, final Envelope call) {
        return call.method.alwaysInterleave() || (a.running > 0 && a.chainRunning(call.chainId));
    }

    /** Starts the queued requests of {@code a} that the turn rules allow now, in order. */
    void pump(final Activation a) {
        if (a.pumping) {
            return;
        }
        a.pumping = true;
        try {
            while (a.state == Activation.ACTIVE && !a.restarting && a.queueHead != null && canStart(a, a.queueHead)) {
                runTurn(a, a.dequeue());
            }
        } finally {
            a.pumping = false;
        }
        if (a.restarting && a.running == 0 && a.state == Activation.ACTIVE) {
            // a turn that ended inside this pump asked for the restart
            shard.lifecycle.deactivate(a);
        }
    }

    // ---- turns -----------------------------------------------------------------------------------

    private void runTurn(final Activation a, final Envelope call) {
        final GrainMethod method = call.method;
        Turn turn = turnPool.poll();
        if (turn == null) {
            turn = new Turn();
        }
        turn.shard = shard;
        turn.activation = a;
        turn.envelope = call;
        turn.method = method;
        turn.chainId = call.chainId;
        turn.arrivalNanos = call.arrivalNanos;
        if (tracer != null) {
            startSpan(turn, a, call);
        } else {
            // nobody traces here: the turn's calls carry its caller's context on, unchanged
            turn.trace.copyFrom(call.trace);
        }
        a.addRunning(turn);
        a.lastActive = shard.now();
        shard.counters().increment(shard.index(), MemberCounters.CALLS);
        final long start = shard.context.enter(a, call.chainId, turn);
        CompletionStage<?> stage = null;
        Throwable thrown = null;
        try {
            call.invoker(shard.invoker());
            stage = method == ReminderTick.METHOD
                ? ReminderTick.invoke(a.grain, call.inbound)
                : a.registration.dispatcher().invoke(a.grain, method.id(), call.inbound);
        } catch (final Throwable t) {
            thrown = t;
        } finally {
            shard.context.leave(a, method.signature(), start);
        }
        if (thrown != null) {
            finishTurn(turn, null, thrown);
        } else if (stage == null) {
            finishTurn(turn, null, method.oneWay() ? null
                : new IllegalStateException(a.id + " returned a null future from " + method.signature()));
        } else if (stage instanceof CompletableFuture && ((CompletableFuture<?>)stage).isDone()
            && !((CompletableFuture<?>)stage).isCompletedExceptionally()) {
            finishTurn(turn, ((CompletableFuture<?>)stage).getNow(null), null);
        } else {
            stage.whenComplete(turn);
        }
    }

    private void startSpan(final Turn turn, final Activation a, final Envelope call) {
        try {
            turn.traceHandle = tracer.startTurn(a.id, call.method, call.trace, turn.trace);
        } catch (final Throwable t) {
            LOG.warn("tracer {} failed to start the span of {} on {}", tracer, call.method.signature(), a.id, t);
            turn.trace.copyFrom(call.trace);
        }
    }

    private void endSpan(final Turn turn, final Throwable error) {
        try {
            tracer.endTurn(turn.traceHandle, error);
        } catch (final Throwable t) {
            LOG.warn("tracer {} failed to end the span of {} on {}", tracer, turn.method.signature(), turn.activation.id, t);
        }
    }

    /** The future of {@code turn} completed: replies, starts what waited, deactivates if asked to. */
    void finishTurn(final Turn turn, final Object result, final Throwable failure) {
        final Activation a = turn.activation;
        final Envelope call = turn.envelope;
        final GrainMethod method = turn.method;
        final Throwable error = unwrap(failure);
        if (turn.traceHandle != null) {
            endSpan(turn, error);
        }
        if (observing && method != ReminderTick.METHOD) {
            observer.onCall(a.registration.index(), a.registration.methodIndex(method.id()),
                member.config().nanoClock().nanoTime() - turn.arrivalNanos, error != null);
        }
        a.removeRunning(turn);
        turn.clear();
        turnPool.add(turn);
        a.lastActive = shard.now();
        if (error != null && !a.restarting && a.workerSet == null && a.registration.supervision().restarts(error)) {
            a.restarting = true;
            a.deactivateRequested = true;
            shard.counters().increment(shard.index(), MemberCounters.RESTARTS);
            LOG.warn("{} restarts: {} failed", a.id, method.signature(), error);
        }
        if (method.oneWay()) {
            if (error != null) {
                shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
                LOG.warn("one-way call {} on {} failed", method.signature(), a.id, error);
            }
            shard.release(call);
        } else {
            reply(call, a.registration.dispatcher(), method, result, error);
        }
        pump(a);
        if (a.running == 0 && (a.deactivateRequested || shard.isClosing()) && a.state == Activation.ACTIVE && !a.pumping) {
            shard.lifecycle.deactivate(a);
        }
    }

    // ---- replies ---------------------------------------------------------------------------------

    private void reply(final Envelope call, final GrainDispatcher<Object> dispatcher, final GrainMethod method, final Object result,
        Throwable error) {
        call.payloadFromWire = false;
        call.writer.reset();
        call.byReference = false;
        if (error == null) {
            if (call.callerMember == memberId && method.resultImmutable()) {
                call.value = result;
                call.valueByReference = true;
                call.type = Envelope.REPLY;
            } else if (method == ReminderTick.METHOD) {
                call.type = Envelope.REPLY; // an empty reply message
            } else {
                try {
                    dispatcher.encodeResult(method.id(), result, call.writer);
                    call.type = Envelope.REPLY;
                } catch (final Throwable t) {
                    error = t;
                }
            }
        }
        if (error != null) {
            setError(call, error);
        }
        sendReply(call);
    }

    /** Answers {@code call} with {@code error} (a one-way call is dropped with a warning). */
    void replyError(final Envelope call, final Throwable error) {
        if (call.type == Envelope.ONE_WAY) {
            shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
            LOG.warn("one-way call to {} dropped: {}", call.target, error.getMessage());
            shard.release(call);
            return;
        }
        setError(call, error);
        sendReply(call);
    }

    private void setError(final Envelope call, final Throwable error) {
        shard.counters().increment(shard.index(), MemberCounters.CALL_ERRORS);
        call.type = Envelope.ERROR;
        call.value = null;
        call.valueByReference = false;
        call.writer.reset();
        call.payloadFromWire = false;
        if (error instanceof GrainException) {
            call.errorType = ((GrainException)error).errorType();
            call.errorMessage = ((GrainException)error).errorMessage();
        } else {
            call.errorType = error.getClass().getName();
            call.errorMessage = error.getMessage();
        }
    }

    private void sendReply(final Envelope reply) {
        if (reply.callerMember == memberId) {
            shard.deliver(member.shard(reply.callerShard), reply);
        } else {
            shard.sender.send(reply);
        }
    }

    /** The cause inside the wrappers that futures add. */
    static Throwable unwrap(final Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
