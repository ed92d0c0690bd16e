package io.grain.runtime.shard;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopeCodec;
import io.grain.runtime.envelope.GrainIdCache;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.member.MemberRuntime;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.transport.Transport;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One shard of a member: an Agrona {@link Agent} that owns a set of activations and runs all of
 * their code, the completions of the calls they make, their timers (on a {@link DeadlineTimerWheel})
 * and their idle collection. Other threads reach it only through its {@link #offer inbound queue}.
 * It never blocks: a full queue of another shard spills into a local overflow, a back-pressured
 * transport into a retry list.
 *
 * <p>Thread ownership: every method except {@link #offer}, {@link #offerTask}, {@link #isClosed}
 * and {@link #current()} must run on the thread that currently drives this agent (its
 * {@code AgentRunner} thread, or the thread calling its {@code AgentInvoker}).
 */
public final class ShardAgent implements Agent, DeadlineTimerWheel.TimerHandler {
    /** {@link Envelope#callerShard} of a call whose caller is not a shard. */
    public static final int OUTSIDE = -1;
    /** Most messages taken from the inbound queue per duty cycle. */
    static final int INBOX_LIMIT = 1024;
    /** Most messages from this shard to itself handled per duty cycle. */
    static final int LOCAL_LIMIT = 4096;
    /** Most transport messages polled per duty cycle (shard 0). */
    static final int TRANSPORT_LIMIT = 256;
    /** Most timers fired per duty cycle. */
    static final int TIMER_LIMIT = 1024;
    /** How many times a request may be forwarded after membership changes. */
    static final int MAX_HOPS = 2;
    /** {@link #trySend} result: the transport threw {@link #sendRefusal} (e.g. the message is too large). */
    private static final int SEND_REFUSED = -1;
    /** An error reply the transport refuses is sent again with its message cut to this many chars. */
    static final int MAX_REFUSED_ERROR_CHARS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ShardAgent.class);
    private static final ThreadLocal<ShardAgent> CURRENT = new ThreadLocal<>();
    private static final Object SWEEP = new Object();

    private final MemberRuntime member;
    private final MemberConfig config;
    private final MemberCounters counters;
    private final int index;
    private final int memberId;
    private final ManyToOneConcurrentArrayQueue<Object> inbox;
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    private final ArrayDeque<ShardAgent> overflowTargets = new ArrayDeque<>();
    private final ArrayDeque<Object> overflowMessages = new ArrayDeque<>();
    private final ArrayDeque<Envelope> retrySends = new ArrayDeque<>();
    private final ArrayDeque<Integer> retryMembers = new ArrayDeque<>();
    private final Object2ObjectHashMap<GrainId, Activation> activations = new Object2ObjectHashMap<>();
    private final Object2ObjectHashMap<GrainId, WorkerSet> workers = new Object2ObjectHashMap<>();
    private final Long2ObjectHashMap<PendingCall> pending = new Long2ObjectHashMap<>();
    private final ArrayDeque<PendingCall> pendingPool = new ArrayDeque<>();
    private final ArrayDeque<Turn> turnPool = new ArrayDeque<>();
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Object> timerTargets = new Long2ObjectHashMap<>();
    private final ArrayList<Object> expired = new ArrayList<>();
    private final ArrayList<Activation> scratch = new ArrayList<>();
    private final ArrayList<PendingCall> scratchPending = new ArrayList<>();
    private final ProtoWriter encodeWriter = new ProtoWriter(512);
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[0]);
    private IllegalArgumentException sendRefusal;
    private final ProtoReader decodeReader = new ProtoReader();
    /** Targets of decoded envelopes, reused (shard 0 alone polls the transport). */
    private final GrainIdCache decodedIds;
    private final OutsideCompletions outsideCompletions;
    private byte[] decodeScratch = new byte[512];
    private final Transport.MessageHandler transportHandler = this::onTransportMessage;
    private long correlations;
    private long chains;
    private long now;
    private MembershipView view;
    private Activation currentActivation;
    private long currentChain;
    private boolean closing;
    private long closeDeadlineNanos;
    private volatile boolean closed;

    public ShardAgent(final MemberRuntime member, final int index) {
        this.member = member;
        this.config = member.config();
        this.counters = member.counters();
        this.index = index;
        this.memberId = member.memberId();
        this.inbox = new ManyToOneConcurrentArrayQueue<>(config.shardQueueCapacity());
        this.now = config.clock().time();
        this.wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, now, MemberConfig.TIMER_TICK_MILLIS,
            MemberConfig.TIMER_TICKS_PER_WHEEL);
        this.view = config.membership().view();
        this.outsideCompletions = new OutsideCompletions(config.callbackExecutor());
        this.decodedIds = index == 0 ? new GrainIdCache(GrainIdCache.DEFAULT_SLOTS) : null;
        scheduleSweep();
    }

    /** The shard whose code is running on this thread right now, or null. */
    public static ShardAgent current() {
        return CURRENT.get();
    }

    public MemberRuntime member() {
        return member;
    }

    public int index() {
        return index;
    }

    /** The call chain of the code running now on this shard (a fresh one outside any turn). */
    public long currentChain() {
        return currentChain != 0 ? currentChain : nextChain();
    }

    long now() {
        return now;
    }

    /** True once a closing shard has no activations left (or gave up waiting for them). */
    public boolean isClosed() {
        return closed;
    }

    /** Offers a message from any thread; false when the queue is full. */
    public boolean offer(final Object message) {
        return inbox.offer(message);
    }

    /** Offers a task from any thread, yielding while the queue is full. */
    void offerTask(final ShardTask task) {
        if (current() == this) {
            local.add(task);
            return;
        }
        while (!inbox.offer(task)) {
            if (closed) {
                LOG.warn("shard {}/{} is closed; dropping {}", memberId, index, task);
                return;
            }
            Thread.yield();
        }
    }

    void checkThread(final String what) {
        if (current() != this) {
            throw new IllegalStateException(what + " must be called from the grain's own code, on its shard thread");
        }
    }

    @Override
    public String roleName() {
        return "grain-shard-" + memberId + "-" + index;
    }

    // ---- duty cycle ------------------------------------------------------------------------------

    @Override
    public int doWork() {
        final ShardAgent previous = CURRENT.get();
        CURRENT.set(this);
        try {
            now = config.clock().time();
            int work = checkMembership();
            work += flushOverflow();
            work += drainInbox();
            work += drainLocal();
            if (index == 0 && member.state() != MemberRuntime.CRASHED) {
                work += config.transport().poll(transportHandler, TRANSPORT_LIMIT);
                work += drainLocal();
            }
            work += pollTimers();
            work += drainLocal();
            work += retrySends();
            if (member.state() == MemberRuntime.CLOSING && !closed) {
                work += closeStep();
            }
            return work;
        } finally {
            CURRENT.set(previous);
        }
    }

    private int drainInbox() {
        int count = 0;
        Object message;
        while (count < INBOX_LIMIT && (message = inbox.poll()) != null) {
            handle(message);
            count++;
        }
        return count;
    }

    private int drainLocal() {
        int count = 0;
        Object message;
        while (count < LOCAL_LIMIT && (message = local.poll()) != null) {
            handle(message);
            count++;
        }
        return count;
    }

    private void handle(final Object message) {
        try {
            if (message instanceof Envelope) {
                onEnvelope((Envelope)message);
            } else {
                ((ShardTask)message).runOnShard(this);
            }
        } catch (final Throwable t) {
            LOG.error("shard {}/{} failed to handle {}", memberId, index, message, t);
        }
    }

    private int flushOverflow() {
        int count = 0;
        while (!overflowTargets.isEmpty()) {
            final ShardAgent target = overflowTargets.peek();
            if (!target.inbox.offer(overflowMessages.peek())) {
                break;
            }
            overflowTargets.poll();
            overflowMessages.poll();
            count++;
        }
        return count;
    }

    private void deliver(final ShardAgent target, final Object message) {
        if (target == this) {
            local.add(message);
        } else if (!overflowTargets.isEmpty() || !target.inbox.offer(message)) {
            overflowTargets.add(target);
            overflowMessages.add(message);
        }
    }

    // ---- calls made by this shard's grains -------------------------------------------------------

    /** Sends a request begun on this shard; the future completes on this shard. */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> request(final Envelope call, final ReplyDecoder<R> decoder) {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final PendingCall p = registerPending(call, future, decoder, false);
        p.callerActivation = currentActivation;
        route(call);
        return (CompletableFuture<R>)future;
    }

    /** Sends a one-way call begun on this shard. */
    public void send(final Envelope call) {
        route(call);
    }

    private PendingCall registerPending(final Envelope call, final CompletableFuture<Object> future, final ReplyDecoder<?> decoder,
        final boolean outside) {
        PendingCall p = pendingPool.poll();
        if (p == null) {
            p = new PendingCall();
        }
        p.correlationId = ++correlations;
        p.future = future;
        p.decoder = decoder;
        p.outside = outside;
        p.chainId = call.chainId;
        p.targetMember = call.targetMember;
        p.method = call.method;
        p.target = call.target;
        final long timeout = call.method.timeoutMillis() > 0 ? call.method.timeoutMillis() : config.callTimeoutMillis();
        p.timerId = wheel.scheduleTimer(now + timeout);
        timerTargets.put(p.timerId, p);
        pending.put(p.correlationId, p);
        call.correlationId = p.correlationId;
        call.callerShard = index;
        call.timeoutMillis = timeout;
        return p;
    }

    private void releasePending(final PendingCall p) {
        p.clear();
        pendingPool.add(p);
    }

    private void route(final Envelope call) {
        if (call.targetMember == memberId) {
            deliver(member.shardFor(call.target), call);
        } else {
            sendRemote(call, call.targetMember);
        }
    }

    private void sendRemote(final Envelope envelope, final int to) {
        if (!retrySends.isEmpty()) {
            retrySends.add(envelope);
            retryMembers.add(to);
            return;
        }
        final int result = trySend(envelope, to);
        if (result == Transport.BACK_PRESSURED) {
            retrySends.add(envelope);
            retryMembers.add(to);
        } else {
            afterSend(envelope, to, result);
        }
    }

    private int trySend(final Envelope envelope, final int to) {
        encodeWriter.reset();
        EnvelopeCodec.encode(envelope, encodeWriter);
        sendBuffer.wrap(encodeWriter.buffer(), 0, encodeWriter.position());
        try {
            return config.transport().send(to, sendBuffer, 0, encodeWriter.position());
        } catch (final IllegalArgumentException refused) {
            // e.g. larger than the transport's maximum message size: fail the call, not the shard
            sendRefusal = refused;
            return SEND_REFUSED;
        }
    }

    private void afterSend(final Envelope envelope, final int to, final int result) {
        if (result == SEND_REFUSED) {
            LOG.warn("transport refused a message to member {}: {}", to, sendRefusal.getMessage());
            if (envelope.isRequest() && envelope.type != Envelope.ONE_WAY) {
                replyError(envelope, sendRefusal);
                return;
            }
            if (envelope.type == Envelope.REPLY) {
                // the caller gets an error naming the limit instead of waiting for its timeout
                replyError(envelope, new IllegalArgumentException("the reply of " + envelope.method.signature() + " on "
                    + envelope.target + " could not be sent: " + sendRefusal.getMessage()));
                return;
            }
            if (envelope.type == Envelope.ERROR && envelope.errorMessage != null
                && envelope.errorMessage.length() > MAX_REFUSED_ERROR_CHARS) {
                envelope.errorMessage = envelope.errorMessage.substring(0, MAX_REFUSED_ERROR_CHARS) + "... (truncated)";
                sendRemote(envelope, to);
                return;
            }
        }
        if (result == Transport.SENT || !envelope.isRequest() || envelope.type == Envelope.ONE_WAY) {
            if (result != Transport.SENT) {
                LOG.debug("member {} unreachable; dropped {}", to, envelope);
            }
            member.pool().release(envelope);
            return;
        }
        replyError(envelope, new GrainUnavailableException("member " + to + " is not reachable (it crashed or left) for a call to "
            + envelope.target));
    }

    private int retrySends() {
        int count = 0;
        while (!retrySends.isEmpty()) {
            final Envelope envelope = retrySends.peek();
            final int to = retryMembers.peek();
            final int result = trySend(envelope, to);
            if (result == Transport.BACK_PRESSURED) {
                break;
            }
            retrySends.poll();
            retryMembers.poll();
            afterSend(envelope, to, result);
            count++;
        }
        return count;
    }

    // ---- messages --------------------------------------------------------------------------------

    private void onTransportMessage(final DirectBuffer buffer, final int offset, final int length) {
        if (decodeScratch.length < length) {
            decodeScratch = new byte[Math.max(length, decodeScratch.length * 2)];
        }
        buffer.getBytes(offset, decodeScratch, 0, length);
        final Envelope envelope = member.pool().acquire();
        try {
            EnvelopeCodec.decode(decodeReader.wrap(decodeScratch, 0, length), envelope, decodedIds);
        } catch (final WireFormatException | IllegalArgumentException e) {
            LOG.warn("member {} dropped a message that is not a valid envelope: {}", memberId, e.getMessage());
            member.pool().release(envelope);
            return;
        }
        if (envelope.callerShard < 0) {
            LOG.warn("member {} dropped an envelope from member {} without a caller shard", memberId, envelope.callerMember);
            member.pool().release(envelope);
        } else if (envelope.isRequest()) {
            envelope.targetMember = memberId;
            deliver(member.shardFor(envelope.target), envelope);
        } else if (envelope.callerShard >= 0 && envelope.callerShard < member.shards().length) {
            deliver(member.shard(envelope.callerShard), envelope);
        } else {
            member.pool().release(envelope);
        }
    }

    private void onEnvelope(final Envelope envelope) {
        if (!envelope.isRequest()) {
            onReply(envelope);
        } else if (envelope.callerShard == OUTSIDE) {
            if (envelope.type == Envelope.REQUEST) {
                final PendingCall p = registerPending(envelope, envelope.outsideFuture, envelope.outsideDecoder, true);
                p.callerActivation = null;
                envelope.outsideFuture = null;
                envelope.outsideDecoder = null;
            } else {
                envelope.callerShard = index;
            }
            route(envelope);
        } else {
            onRequest(envelope);
        }
    }

    private void onReply(final Envelope reply) {
        final PendingCall p = pending.remove(reply.correlationId);
        if (p == null) {
            member.pool().release(reply);
            return;
        }
        cancelTimerId(p.timerId);
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
                value = p.decoder.decode(reply.payloadReader(member.invoker()));
            } catch (final RuntimeException e) {
                error = e;
            }
        }
        member.pool().release(reply);
        completePending(p, value, error);
    }

    private void completePending(final PendingCall p, final Object value, final Throwable error) {
        final CompletableFuture<Object> future = p.future;
        final boolean outside = p.outside;
        final Activation caller = p.callerActivation;
        final long chain = p.chainId;
        releasePending(p);
        if (outside) {
            outsideCompletions.complete(future, value, error);
            return;
        }
        final Activation previousActivation = currentActivation;
        final long previousChain = currentChain;
        currentActivation = caller;
        currentChain = chain;
        final long start = config.nanoClock().nanoTime();
        try {
            OutsideCompletions.completeNow(future, value, error);
        } catch (final Throwable t) {
            LOG.error("a continuation of {} failed", caller != null ? caller.id : "shard " + index, t);
        } finally {
            currentActivation = previousActivation;
            currentChain = previousChain;
            reportLongTurn(caller, "continuation", start);
        }
    }

    private void onRequest(final Envelope call) {
        if (closing || member.state() != MemberRuntime.RUNNING) {
            replyError(call, member.unavailable());
            return;
        }
        final KindRegistration registration = config.kinds().get(call.target.kind());
        if (registration == null) {
            replyError(call, new GrainUnavailableException("grain kind '" + call.target.kind() + "' is not registered on member "
                + memberId + "; register its implementation with register(...)"));
            return;
        }
        final GrainMethod method = registration.dispatcher().method(call.methodId);
        if (method == null) {
            replyError(call, new IllegalArgumentException("grain kind '" + call.target.kind() + "' ("
                + registration.dispatcher().grainInterface().getName() + ") has no method with id 0x"
                + Integer.toHexString(call.methodId) + "; caller and callee disagree on the interface"));
            return;
        }
        call.method = method;
        final boolean worker = registration.statelessWorkerMax() > 0;
        if (!worker && !call.byReference && call.hops < MAX_HOPS) {
            final int owner = RendezvousPlacement.owner(call.target, view);
            if (owner != memberId && owner != RendezvousPlacement.NO_MEMBER) {
                call.hops++;
                call.targetMember = owner;
                sendRemote(call, owner);
                return;
            }
        }
        final Activation activation = worker ? workerFor(call.target, registration) : activationFor(call.target, registration);
        if (activation.state == Activation.ACTIVE
            && ((activation.queueHead == null && canStart(activation, call)) || bypassesQueue(activation, call))) {
            runTurn(activation, call);
        } else {
            activation.enqueue(call);
            if (!activation.started) {
                activation.started = true;
                startActivation(activation);
            }
        }
    }

    private Activation activationFor(final GrainId id, final KindRegistration registration) {
        Activation activation = activations.get(id);
        if (activation == null) {
            activation = new Activation(this, id, registration, null);
            activations.put(id, activation);
            counters.increment(index, MemberCounters.ACTIVATIONS);
        }
        return activation;
    }

    private Activation workerFor(final GrainId id, final KindRegistration registration) {
        WorkerSet set = workers.get(id);
        if (set == null) {
            set = new WorkerSet();
            workers.put(id, set);
        }
        final ArrayList<Activation> list = set.activations;
        for (int i = 0; i < list.size(); i++) {
            final Activation a = list.get(i);
            if (a.state == Activation.ACTIVE && a.idle()) {
                return a;
            }
        }
        if (list.size() < registration.statelessWorkerMax()) {
            final Activation a = new Activation(this, id, registration, set);
            list.add(a);
            counters.increment(index, MemberCounters.ACTIVATIONS);
            return a;
        }
        final Activation a = list.get(set.next++ % list.size());
        if (set.next >= list.size()) {
            set.next = 0;
        }
        return a;
    }

    // ---- turns -----------------------------------------------------------------------------------

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

    private void pump(final Activation a) {
        if (a.pumping) {
            return;
        }
        a.pumping = true;
        try {
            while (a.state == Activation.ACTIVE && a.queueHead != null && canStart(a, a.queueHead)) {
                runTurn(a, a.dequeue());
            }
        } finally {
            a.pumping = false;
        }
    }

    private void runTurn(final Activation a, final Envelope call) {
        final GrainMethod method = call.method;
        Turn turn = turnPool.poll();
        if (turn == null) {
            turn = new Turn();
        }
        turn.shard = this;
        turn.activation = a;
        turn.envelope = call;
        turn.method = method;
        turn.chainId = call.chainId;
        a.addRunning(turn);
        a.lastActive = now;
        counters.increment(index, MemberCounters.CALLS);
        final Activation previousActivation = currentActivation;
        final long previousChain = currentChain;
        currentActivation = a;
        currentChain = call.chainId;
        final long start = config.nanoClock().nanoTime();
        CompletionStage<?> stage = null;
        Throwable thrown = null;
        try {
            call.invoker(member.invoker());
            stage = a.registration.dispatcher().invoke(a.grain, method.id(), call.inbound);
        } catch (final Throwable t) {
            thrown = t;
        } finally {
            currentActivation = previousActivation;
            currentChain = previousChain;
            reportLongTurn(a, method.signature(), start);
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

    void finishTurn(final Turn turn, final Object result, final Throwable failure) {
        final Activation a = turn.activation;
        final Envelope call = turn.envelope;
        final GrainMethod method = turn.method;
        a.removeRunning(turn);
        turn.clear();
        turnPool.add(turn);
        a.lastActive = now;
        final Throwable error = unwrap(failure);
        if (method.oneWay()) {
            if (error != null) {
                counters.increment(index, MemberCounters.CALL_ERRORS);
                LOG.warn("one-way call {} on {} failed", method.signature(), a.id, error);
            }
            member.pool().release(call);
        } else {
            reply(call, a.registration.dispatcher(), method, result, error);
        }
        pump(a);
        if (a.running == 0 && (a.deactivateRequested || closing) && a.state == Activation.ACTIVE && !a.pumping) {
            deactivate(a);
        }
    }

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

    private void setError(final Envelope call, final Throwable error) {
        counters.increment(index, MemberCounters.CALL_ERRORS);
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

    private void replyError(final Envelope call, final Throwable error) {
        if (call.type == Envelope.ONE_WAY) {
            counters.increment(index, MemberCounters.CALL_ERRORS);
            LOG.warn("one-way call to {} dropped: {}", call.target, error.getMessage());
            member.pool().release(call);
            return;
        }
        setError(call, error);
        sendReply(call);
    }

    private void sendReply(final Envelope reply) {
        if (reply.callerMember == memberId) {
            deliver(member.shard(reply.callerShard), reply);
        } else {
            sendRemote(reply, reply.callerMember);
        }
    }

    private static Throwable unwrap(final Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private void reportLongTurn(final Activation a, final String what, final long start) {
        final long elapsed = config.nanoClock().nanoTime() - start;
        if (elapsed > config.longTurnThresholdNanos() && a != null) {
            config.longTurnListener().onLongTurn(a.id, what, elapsed);
        }
    }

    /** Runs {@code task} as code of {@code a}, on this shard. */
    void runInContext(final Activation a, final Runnable task, final String what) {
        final Activation previousActivation = currentActivation;
        final long previousChain = currentChain;
        currentActivation = a;
        currentChain = nextChain();
        final long start = config.nanoClock().nanoTime();
        try {
            task.run();
        } catch (final Throwable t) {
            LOG.warn("{} of {} failed", what, a.id, t);
        } finally {
            currentActivation = previousActivation;
            currentChain = previousChain;
            reportLongTurn(a, what, start);
        }
    }

    private long nextChain() {
        return ((long)(memberId + 1) << 48) | ((long)(index + 1) << 36) | (++chains & 0xF_FFFF_FFFFL);
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    private void startActivation(final Activation a) {
        a.lastActive = now;
        final Activation previousActivation = currentActivation;
        final long previousChain = currentChain;
        currentActivation = a;
        currentChain = nextChain();
        final long start = config.nanoClock().nanoTime();
        CompletionStage<Void> hook = null;
        Throwable failure = null;
        try {
            final Object grain = a.registration.factory().apply(a);
            if (grain == null) {
                throw new NullPointerException("the factory of grain kind '" + a.registration.kind() + "' returned null");
            }
            a.grain = grain;
            if (grain instanceof GrainLifecycle) {
                hook = ((GrainLifecycle)grain).onActivate();
                if (hook == null) {
                    throw new NullPointerException(grain.getClass().getName() + ".onActivate() returned null");
                }
            }
        } catch (final Throwable t) {
            failure = t;
        } finally {
            currentActivation = previousActivation;
            currentChain = previousChain;
            reportLongTurn(a, "onActivate", start);
        }
        if (failure != null || hook == null) {
            activated(a, failure);
        } else {
            hook.whenComplete((ignored, error) -> lifecycleStep(a, error, true));
        }
    }

    private void lifecycleStep(final Activation a, final Throwable error, final boolean activation) {
        if (current() == this) {
            if (activation) {
                activated(a, error);
            } else {
                deactivated(a, error);
            }
        } else {
            offerTask(shard -> lifecycleStep(a, error, activation));
        }
    }

    private void activated(final Activation a, final Throwable failure) {
        if (failure == null) {
            a.state = Activation.ACTIVE;
            pump(a);
            if (a.running == 0 && a.deactivateRequested) {
                deactivate(a);
            }
            return;
        }
        final Throwable cause = unwrap(failure);
        LOG.warn("activation of {} failed", a.id, cause);
        a.state = Activation.INVALID;
        remove(a);
        Envelope call;
        while ((call = a.dequeue()) != null) {
            replyError(call, cause);
        }
    }

    void deactivateWhenIdle(final Activation a) {
        if (a.state == Activation.ACTIVE && a.running == 0) {
            deactivate(a);
        }
    }

    private void deactivate(final Activation a) {
        if (a.state != Activation.ACTIVE) {
            return;
        }
        a.state = Activation.DEACTIVATING;
        if (a.timers != null) {
            for (final TimerHandle timer : a.timers) {
                if (timer.active) {
                    timer.active = false;
                    cancelTimerId(timer.timerId);
                }
            }
            a.timers = null;
        }
        CompletionStage<Void> hook = null;
        if (a.grain instanceof GrainLifecycle) {
            final Activation previousActivation = currentActivation;
            final long previousChain = currentChain;
            currentActivation = a;
            currentChain = nextChain();
            final long start = config.nanoClock().nanoTime();
            try {
                hook = ((GrainLifecycle)a.grain).onDeactivate();
            } catch (final Throwable t) {
                LOG.warn("onDeactivate of {} failed", a.id, t);
            } finally {
                currentActivation = previousActivation;
                currentChain = previousChain;
                reportLongTurn(a, "onDeactivate", start);
            }
        }
        if (hook == null) {
            deactivated(a, null);
        } else {
            hook.whenComplete((ignored, error) -> lifecycleStep(a, error, false));
        }
    }

    private void deactivated(final Activation a, final Throwable error) {
        if (error != null) {
            LOG.warn("onDeactivate of {} failed", a.id, unwrap(error));
        }
        if (a.state == Activation.INVALID) {
            return;
        }
        a.state = Activation.INVALID;
        remove(a);
        Envelope call;
        while ((call = a.dequeue()) != null) {
            onRequest(call);
        }
    }

    private void remove(final Activation a) {
        if (a.workerSet != null) {
            if (a.workerSet.activations.remove(a)) {
                counters.decrement(index, MemberCounters.ACTIVATIONS);
            }
            if (a.workerSet.activations.isEmpty() && workers.get(a.id) == a.workerSet) {
                workers.remove(a.id);
            }
        } else if (activations.get(a.id) == a) {
            activations.remove(a.id);
            counters.decrement(index, MemberCounters.ACTIVATIONS);
        }
    }

    // ---- timers ----------------------------------------------------------------------------------

    private int pollTimers() {
        int fired = 0;
        boolean caughtUp;
        do {
            fired += wheel.poll(now, this, TIMER_LIMIT);
            caughtUp = now < wheel.currentTickTime();
        } while (!caughtUp && fired < TIMER_LIMIT);
        for (int i = 0; i < expired.size(); i++) {
            onTimer(expired.get(i));
        }
        expired.clear();
        return fired + (caughtUp ? 0 : 1);
    }

    @Override
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId) {
        final Object target = timerTargets.remove(timerId);
        if (target != null) {
            expired.add(target);
        }
        return true;
    }

    private void onTimer(final Object target) {
        if (target instanceof PendingCall) {
            final PendingCall p = (PendingCall)target;
            if (pending.remove(p.correlationId) == p) {
                final long timeout = p.method.timeoutMillis() > 0 ? p.method.timeoutMillis() : config.callTimeoutMillis();
                counters.increment(index, MemberCounters.CALL_ERRORS);
                completePending(p, null, new TimeoutException("call of " + p.method.signature() + " on " + p.target
                    + " timed out after " + timeout + " ms"));
            }
        } else if (target instanceof TimerHandle) {
            final TimerHandle timer = (TimerHandle)target;
            if (!timer.active) {
                return;
            }
            if (timer.periodMillis > 0) {
                scheduleTimer(timer, Math.max(timer.deadline + timer.periodMillis, now + 1));
            } else {
                timer.active = false;
                timer.activation.timers.remove(timer);
            }
            runInContext(timer.activation, timer.action, "timer");
        } else if (target == SWEEP) {
            sweep();
            scheduleSweep();
        }
    }

    void scheduleTimer(final TimerHandle timer, final long deadline) {
        timer.deadline = deadline;
        timer.timerId = wheel.scheduleTimer(deadline);
        timerTargets.put(timer.timerId, timer);
    }

    void cancelTimer(final TimerHandle timer) {
        timer.active = false;
        cancelTimerId(timer.timerId);
        if (timer.activation.timers != null) {
            timer.activation.timers.remove(timer);
        }
    }

    private void cancelTimerId(final long timerId) {
        if (timerTargets.remove(timerId) != null) {
            wheel.cancelTimer(timerId);
        }
    }

    private void scheduleSweep() {
        final long id = wheel.scheduleTimer(now + config.collectionSweepMillis());
        timerTargets.put(id, SWEEP);
    }

    /** The earliest deadline on this shard's timer wheel, or {@link Long#MAX_VALUE}; for TestCluster (allocates). */
    public long nextDeadline() {
        final long[] min = {Long.MAX_VALUE};
        wheel.forEach((deadline, timerId) -> min[0] = Math.min(min[0], deadline));
        return min[0];
    }

    private void sweep() {
        scratch.clear();
        for (final Activation a : activations.values()) {
            if (collectable(a)) {
                scratch.add(a);
            }
        }
        for (final WorkerSet set : workers.values()) {
            for (final Activation a : set.activations) {
                if (collectable(a)) {
                    scratch.add(a);
                }
            }
        }
        for (int i = 0; i < scratch.size(); i++) {
            deactivate(scratch.get(i));
        }
        scratch.clear();
    }

    private boolean collectable(final Activation a) {
        final long age = a.registration.collectionAgeMillis() > 0 ? a.registration.collectionAgeMillis() : config.collectionAgeMillis();
        return a.state == Activation.ACTIVE && a.idle() && now - a.lastActive >= age;
    }

    /** How many activations this shard holds (for tests and metrics). */
    public int activationCount() {
        int count = activations.size();
        for (final WorkerSet set : workers.values()) {
            count += set.activations.size();
        }
        return count;
    }

    // ---- membership ------------------------------------------------------------------------------

    private int checkMembership() {
        final MembershipView latest = config.membership().view();
        if (latest == view) {
            return 0;
        }
        view = latest;
        scratchPending.clear();
        for (final PendingCall p : pending.values()) {
            if (p.targetMember != memberId && !latest.contains(p.targetMember)) {
                scratchPending.add(p);
            }
        }
        for (int i = 0; i < scratchPending.size(); i++) {
            final PendingCall p = scratchPending.get(i);
            pending.remove(p.correlationId);
            cancelTimerId(p.timerId);
            counters.increment(index, MemberCounters.CALL_ERRORS);
            completePending(p, null, new GrainUnavailableException("member " + p.targetMember + " left or crashed before it replied to "
                + p.method.signature() + " on " + p.target));
        }
        scratchPending.clear();
        if (member.state() == MemberRuntime.RUNNING && latest.contains(memberId)) {
            scratch.clear();
            for (final Activation a : activations.values()) {
                final int owner = RendezvousPlacement.owner(a.id, latest);
                if (owner != memberId && owner != RendezvousPlacement.NO_MEMBER) {
                    scratch.add(a);
                }
            }
            for (int i = 0; i < scratch.size(); i++) {
                final Activation a = scratch.get(i);
                a.deactivateRequested = true;
                deactivateWhenIdle(a);
            }
            scratch.clear();
        }
        return 1;
    }

    // ---- close -----------------------------------------------------------------------------------

    private int closeStep() {
        if (!closing) {
            closing = true;
            closeDeadlineNanos = config.nanoClock().nanoTime() + config.closeTimeoutNanos();
            scratch.clear();
            collectAll(scratch);
            for (int i = 0; i < scratch.size(); i++) {
                final Activation a = scratch.get(i);
                Envelope call;
                while ((call = a.dequeue()) != null) {
                    replyError(call, member.unavailable());
                }
            }
        }
        final boolean force = config.nanoClock().nanoTime() - closeDeadlineNanos > 0;
        scratch.clear();
        collectAll(scratch);
        int work = 0;
        for (int i = 0; i < scratch.size(); i++) {
            final Activation a = scratch.get(i);
            if (a.state == Activation.ACTIVE && (a.running == 0 || force)) {
                deactivate(a);
                work++;
            } else if (force && a.state != Activation.ACTIVE) {
                a.state = Activation.INVALID;
                remove(a);
                work++;
            }
        }
        scratch.clear();
        if (activationCount() == 0) {
            closed = true;
            work++;
        }
        return work;
    }

    private void collectAll(final ArrayList<Activation> into) {
        into.addAll(activations.values());
        for (final WorkerSet set : workers.values()) {
            into.addAll(set.activations);
        }
    }

    /**
     * Fails calls still waiting for replies. Called when this shard no longer runs (closed member
     * after its agents stopped, or a crashed member from the thread that drove it).
     *
     * @param includeGrainCallers also fail calls made by grains (on a crash their code is gone).
     */
    public void failAllPending(final RuntimeException error, final boolean includeGrainCallers) {
        scratchPending.clear();
        for (final PendingCall p : pending.values()) {
            if (p.outside || includeGrainCallers) {
                scratchPending.add(p);
            }
        }
        pending.clear();
        for (int i = 0; i < scratchPending.size(); i++) {
            final PendingCall p = scratchPending.get(i);
            if (p.outside) {
                outsideCompletions.complete(p.future, null, error);
            } else {
                p.future.completeExceptionally(error);
            }
        }
        scratchPending.clear();
        Object message;
        while ((message = inbox.poll()) != null) {
            if (message instanceof Envelope && ((Envelope)message).outsideFuture != null) {
                outsideCompletions.complete(((Envelope)message).outsideFuture, null, error);
            }
        }
        closed = true;
    }

    @Override
    public void onClose() {
        closed = true;
    }
}
