package io.grain.runtime.shard;

import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.ProfileIdleStrategy;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.ShardEnvelopePool;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.TraceContext;
import io.grain.runtime.transport.Transport;
import org.agrona.DeadlineTimerWheel;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One shard of a member: an Agrona {@link Agent} that owns a set of activations and runs all of
 * their code, the completions of the calls they make, their timers (on a {@link DeadlineTimerWheel})
 * and their idle collection. Other threads reach it only through its {@link #offer inbound queue}.
 * It never blocks: a full queue of another shard spills into a local overflow, a back-pressured
 * transport into a retry queue.
 *
 * <p>This class is the duty cycle and the queues; the work is done by its parts, one concern each:
 * {@link EnvelopeReceiver} (what other members send), {@link InboundCalls} (requests, turn rules,
 * replies), {@link PendingCalls} (calls waiting for replies), {@link RemoteSender} (sends to other
 * members), {@link ActivationTable}, {@link ActivationLifecycle}, {@link ShardStorage} (grain
 * state loads and storage completions), {@link ShardReminders} (the reminders of its grains),
 * {@link ShardTimers} and {@link TurnContext} (whose code runs now).
 *
 * <p>Which shard runs on a thread is kept in a per-thread {@link ShardThread}: a shard remembers the
 * one of the thread that drives it, so a duty cycle looks up no ThreadLocal while the same thread
 * keeps driving it, and {@link #runsHere()} answers without one. Calls from grain code reach the
 * shard through its own {@link ShardInvoker}, which knows its shard; only code that has no path to
 * a shard ({@link #current()}: a grain reference made outside and used inside grain code, a
 * future's blocking check) reads the ThreadLocal.
 *
 * <p>Thread ownership: every method except {@link #offer}, {@link #offerTask}, {@link #isClosed},
 * {@link #runsHere()} and {@link #current()} must run on the thread that currently drives this
 * agent (its {@code AgentRunner} thread, or the thread calling its {@code AgentInvoker}).
 */
public final class ShardAgent implements Agent {
    /** {@link Envelope#callerShard} of a call whose caller is not a shard. */
    public static final int OUTSIDE = -1;
    /** Most messages taken from the inbound queue per duty cycle. */
    static final int INBOX_LIMIT = 1024;
    /** Most messages from this shard to itself handled per duty cycle. */
    static final int LOCAL_LIMIT = 4096;
    /** Most transport messages polled per duty cycle (shard 0). */
    static final int TRANSPORT_LIMIT = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ShardAgent.class);
    private static final ThreadLocal<ShardThread> THREADS = new ThreadLocal<>();

    private final MemberRuntime member;
    private final MemberConfig config;
    private final MemberCounters counters;
    private final MemberObserver observer;
    private final int index;
    private final int memberId;
    private final ManyToOneConcurrentArrayQueue<Object> inbox;
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    private final ArrayDeque<ShardAgent> overflowTargets = new ArrayDeque<>();
    private final ArrayDeque<Object> overflowMessages = new ArrayDeque<>();
    private final ArrayList<Activation> scratch = new ArrayList<>();
    /** Shard 0's handler of what it polls from a transport without a thread of its own; null on other shards. */
    private final Transport.MessageHandler polled;
    /** False once the transport delivers to the shards itself ({@link #stopPolling}). */
    private boolean pollsTransport;
    /** Wakes this shard's thread when another thread hands it work; null under a strategy of the user's. */
    private volatile ProfileIdleStrategy idle;
    /** {@link PendingCalls#waiting()} as of this shard's last duty cycle, for other threads. */
    private volatile int publishedOutstanding;
    private final ShardEnvelopePool envelopes;
    private final ShardInvoker invoker;
    /** The thread that drives this shard, as last seen by its duty cycle; written by it, read by any thread. */
    private volatile ShardThread driver;
    /** Messages taken from the concurrent inbox, and from the shard-local queue (shard thread writes, tests read). */
    private long inboxMessages;
    private long localMessages;

    final TurnContext context;
    final ShardTimers timers;
    final ActivationTable activations;
    final ActivationLifecycle lifecycle;
    final InboundCalls inbound;
    final OutsideCompletions outside;
    final PendingCalls pending;
    final RemoteSender sender;
    final ShardStorage storage;
    final ShardReminders reminders;
    final ActivationFailures failures;

    private long now;
    private MembershipView view;
    private boolean closing;
    private long closeDeadlineNanos;
    private volatile boolean closed;

    public ShardAgent(final MemberRuntime member, final int index) {
        this.member = member;
        this.config = member.config();
        this.counters = member.counters();
        this.observer = config.observer();
        this.index = index;
        this.memberId = member.memberId();
        this.inbox = new ManyToOneConcurrentArrayQueue<>(config.shardQueueCapacity());
        this.envelopes = new ShardEnvelopePool(member.pool(), ShardEnvelopePool.DEFAULT_CAPACITY);
        this.invoker = new ShardInvoker(this);
        this.now = config.clock().time();
        this.view = config.membership().view();
        if (index == 0) {
            final EnvelopeReceiver receiver = EnvelopeReceiver.polling(this);
            this.polled = receiver::onMessage;
            this.pollsTransport = true;
        } else {
            this.polled = null;
        }
        this.context = new TurnContext(config, index);
        this.timers = new ShardTimers(this, now);
        this.activations = new ActivationTable(this);
        this.lifecycle = new ActivationLifecycle(this);
        this.inbound = new InboundCalls(this);
        this.outside = new OutsideCompletions(config.callbackExecutor());
        this.pending = new PendingCalls(this);
        this.sender = new RemoteSender(this);
        this.storage = new ShardStorage(this);
        this.reminders = new ShardReminders(this, now);
        this.failures = new ActivationFailures(this);
        scheduleSweep();
    }

    /**
     * The shard whose code is running on this thread right now, or null. A ThreadLocal lookup: for
     * code with no shard at hand; a shard's own paths use {@link #runsHere()}.
     */
    public static ShardAgent current() {
        final ShardThread t = THREADS.get();
        return t != null ? t.running : null;
    }

    /**
     * True when this shard's duty cycle runs on the calling thread right now (innermost, if duty
     * cycles nest). Any thread; no ThreadLocal: the driver's thread is compared with the caller's,
     * and only that thread writes what is read next.
     */
    public boolean runsHere() {
        final ShardThread d = driver;
        return d != null && d.thread == Thread.currentThread() && d.running == this;
    }

    /** The invoker of calls made by this shard's grain code (their clients, the references they decode). */
    public ShardInvoker invoker() {
        return invoker;
    }

    /** An envelope from this shard's pool. Shard thread. */
    public Envelope acquireEnvelope() {
        return envelopes.acquire();
    }

    /** Returns an envelope to this shard's pool. Shard thread. */
    public void release(final Envelope envelope) {
        envelopes.release(envelope);
    }

    /** Messages this shard took from its concurrent inbox so far; read it while the shard does not run. */
    public long inboxMessages() {
        return inboxMessages;
    }

    /** Messages this shard handed to itself (its shard-local queue) so far; read it while the shard does not run. */
    public long localMessages() {
        return localMessages;
    }

    public MemberRuntime member() {
        return member;
    }

    public int index() {
        return index;
    }

    /** The call chain of the code running now on this shard (a fresh one outside any turn). */
    public long currentChain() {
        return context.chain();
    }

    long now() {
        return now;
    }

    MemberCounters counters() {
        return counters;
    }

    /** What this shard reports its work to ({@link MemberObserver#NONE} when nobody observes). */
    MemberObserver observer() {
        return observer;
    }

    /**
     * The trace context that a call made now by this shard's code carries: the running request's
     * span, or null outside a traced request.
     */
    public TraceContext currentTrace() {
        return context.trace();
    }

    /** The membership view this shard last saw. */
    MembershipView view() {
        return view;
    }

    /** True from the first close step on: new requests are refused, idle activations deactivate. */
    boolean isClosing() {
        return closing;
    }

    /** True once a closing shard has no activations left (or gave up waiting for them). */
    public boolean isClosed() {
        return closed;
    }

    /** Messages waiting in this shard's inbound queue now. Any thread. */
    public int queueDepth() {
        return inbox.size();
    }

    /** Offers a message from any thread (and wakes the shard if it is parked); false when the queue is full. */
    public boolean offer(final Object message) {
        if (inbox.offer(message)) {
            wake();
            return true;
        }
        return false;
    }

    /** Unparks this shard's thread if it parks in a {@link ProfileIdleStrategy}. Any thread. */
    void wake() {
        final ProfileIdleStrategy strategy = idle;
        if (strategy != null) {
            strategy.wake();
        }
    }

    /**
     * The idle strategy this shard's thread parks in, so that threads handing it work wake it.
     * Set by whoever starts the shard, before it runs.
     */
    public void idleStrategy(final ProfileIdleStrategy strategy) {
        this.idle = strategy;
    }

    /** True while calls made here wait for replies. The shard's thread (its idle strategy). */
    public boolean hasCallsOutstanding() {
        return pending.waiting() > 0;
    }

    /**
     * True when this shard had calls waiting for replies at the end of its last duty cycle. Any
     * thread (the transport's idle strategy keeps its parks short while it is true).
     */
    public boolean publishedCallsOutstanding() {
        return publishedOutstanding > 0;
    }

    /** True when messages wait in the inbound queue. The shard's thread (its idle strategy, before parking). */
    public boolean hasMessagesWaiting() {
        return !inbox.isEmpty();
    }

    /**
     * The transport delivers straight to the shards ({@link Transport#deliverTo}): shard 0 stops
     * polling it. Called before the shard runs.
     */
    public void stopPolling() {
        pollsTransport = false;
    }

    /** Offers a task from any thread, yielding while the queue is full. */
    void offerTask(final ShardTask task) {
        if (runsHere()) {
            local.add(task);
            return;
        }
        while (!offer(task)) {
            if (closed) {
                LOG.warn("shard {}/{} is closed; dropping {}", memberId, index, task);
                return;
            }
            Thread.yield();
        }
    }

    void checkThread(final String what) {
        if (!runsHere()) {
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
        final Thread thread = Thread.currentThread();
        ShardThread d = driver;
        if (d == null || d.thread != thread) {
            d = ShardThread.of(thread);
            driver = d;
        }
        final ShardAgent previous = d.running;
        d.running = this;
        try {
            now = config.clock().time();
            context.newPhase();
            int work = checkMembership();
            work += flushOverflow();
            work += drainInbox();
            context.newPhase();
            work += drainLocal();
            if (pollsTransport && member.state() != MemberRuntime.CRASHED) {
                context.newPhase();
                work += config.transport().poll(polled, TRANSPORT_LIMIT);
                context.newPhase();
                work += drainLocal();
            }
            context.newPhase();
            work += timers.poll(now);
            context.newPhase();
            work += pending.expire(now, ShardTimers.TIMER_LIMIT);
            context.newPhase();
            work += drainLocal();
            context.newPhase();
            work += sender.retry();
            if (member.state() == MemberRuntime.CLOSING && !closed) {
                work += closeStep();
            }
            // last: one hand-off for every outside caller's completion of this cycle
            work += outside.publish();
            final int outstanding = pending.waiting();
            if (outstanding != publishedOutstanding) {
                publishedOutstanding = outstanding;
            }
            return work;
        } finally {
            context.newPhase();
            d.running = previous;
        }
    }

    private int drainInbox() {
        int count = 0;
        Object message;
        while (count < INBOX_LIMIT && (message = inbox.poll()) != null) {
            handle(message);
            count++;
        }
        inboxMessages += count;
        return count;
    }

    private int drainLocal() {
        int count = 0;
        Object message;
        while (count < LOCAL_LIMIT && (message = local.poll()) != null) {
            handle(message);
            count++;
        }
        localMessages += count;
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
            if (!target.offer(overflowMessages.peek())) {
                break;
            }
            overflowTargets.poll();
            overflowMessages.poll();
            count++;
        }
        return count;
    }

    /** Hands {@code message} to {@code target} (maybe this shard), in order, without blocking. */
    void deliver(final ShardAgent target, final Object message) {
        if (target == this) {
            local.add(message);
        } else if (!overflowTargets.isEmpty() || !target.offer(message)) {
            overflowTargets.add(target);
            overflowMessages.add(message);
        }
    }

    // ---- calls made by this shard's grains -------------------------------------------------------

    /** Sends a request begun on this shard; the future completes on this shard. */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> request(final Envelope call, final ReplyDecoder<R> decoder) {
        final CompletableFuture<Object> future = new GrainCallFuture<>(call.target, call.method);
        if (!pending.register(call, future, decoder, context.activation(), false)) {
            future.completeExceptionally(tooManyPending(call));
            release(call);
            return (CompletableFuture<R>)future;
        }
        route(call);
        return (CompletableFuture<R>)future;
    }

    /** Sends a one-way call begun on this shard. */
    public void send(final Envelope call) {
        route(call);
    }

    private GrainUnavailableException tooManyPending(final Envelope call) {
        return new GrainUnavailableException("shard " + memberId + "/" + index + " already has " + PendingCalls.MAX_SLOTS
            + " calls waiting for replies; the call of " + call.method.signature() + " on " + call.target + " was not sent");
    }

    private void route(final Envelope call) {
        if (call.targetMember == memberId) {
            deliver(member.shard(call.targetShard), call);
        } else {
            sender.send(call);
        }
    }

    // ---- messages --------------------------------------------------------------------------------

    private void onEnvelope(final Envelope envelope) {
        if (!envelope.isRequest()) {
            pending.onReply(envelope);
        } else if (envelope.callerShard == OUTSIDE) {
            // an outside caller's call at its home shard: this shard waits for the reply
            if (envelope.type == Envelope.REQUEST) {
                if (!pending.register(envelope, envelope.outsideFuture, envelope.outsideDecoder, null, true)) {
                    pending.failOutside(envelope.outsideFuture, tooManyPending(envelope));
                    release(envelope);
                    return;
                }
                envelope.outsideFuture = null;
                envelope.outsideDecoder = null;
            } else {
                envelope.callerShard = index;
            }
            route(envelope);
        } else {
            inbound.onRequest(envelope);
        }
    }

    // ---- grain code outside turns ----------------------------------------------------------------

    /** Runs {@code task} as code of {@code a}, on this shard. */
    void runInContext(final Activation a, final Runnable task, final String what) {
        final long start = context.enter(a, context.nextChain());
        try {
            task.run();
        } catch (final Throwable t) {
            LOG.warn("{} of {} failed", what, a.id, t);
        } finally {
            context.leave(a, what, start);
        }
    }

    // ---- timers ----------------------------------------------------------------------------------

    /** A timer of this shard expired: a grain timer, the idle sweep, a reminder tick or scan (call timeouts: {@link PendingCalls#expire}). */
    void onTimer(final Object target) {
        if (target instanceof TimerHandle) {
            final TimerHandle timer = (TimerHandle)target;
            if (timer.active) {
                timers.fire(timer, now);
                runInContext(timer.activation, timer.action, "timer");
            }
        } else if (target == ShardTimers.SWEEP) {
            sweep();
            scheduleSweep();
        } else if (target == ShardReminders.SCAN || target instanceof ShardReminders.Reminder) {
            reminders.onTimer(target);
        }
    }

    private void scheduleSweep() {
        timers.schedule(now + config.collectionSweepMillis(), ShardTimers.SWEEP);
    }

    /** The earliest deadline of this shard's timers and call timeouts, or {@link Long#MAX_VALUE}; for TestCluster (allocates). */
    public long nextDeadline() {
        return Math.min(timers.nextDeadline(), pending.nextDeadline());
    }

    private void sweep() {
        scratch.clear();
        activations.collectIdle(now, config.collectionAgeMillis(), scratch);
        for (int i = 0; i < scratch.size(); i++) {
            lifecycle.deactivate(scratch.get(i));
        }
        scratch.clear();
        failures.prune(now, config.collectionAgeMillis());
    }

    /** How many reminders this shard ticks now (for tests and metrics). */
    public int reminderCount() {
        return reminders.count();
    }

    /** How many activations this shard holds (for tests and metrics). */
    public int activationCount() {
        return activations.count();
    }

    // ---- membership ------------------------------------------------------------------------------

    private int checkMembership() {
        final MembershipView latest = config.membership().view();
        if (latest == view) {
            return 0;
        }
        final MembershipView previous = view;
        view = latest;
        pending.failCallsToGoneMembers(latest);
        if (member.state() == MemberRuntime.RUNNING && (latest.contains(memberId) || previous.contains(memberId))) {
            scratch.clear();
            if (latest.contains(memberId)) {
                activations.collectOwnedElsewhere(latest, memberId, scratch);
            } else {
                // this running member dropped out of its own view: the cluster declared it dead (or it
                // found itself cut off from most of it), so another member may host its grains by now
                activations.collectPlaced(scratch);
            }
            for (int i = 0; i < scratch.size(); i++) {
                final Activation a = scratch.get(i);
                a.deactivateRequested = true;
                lifecycle.deactivateWhenIdle(a);
            }
            scratch.clear();
        }
        reminders.onViewChange();
        return 1;
    }

    // ---- close -----------------------------------------------------------------------------------

    private int closeStep() {
        if (!closing) {
            closing = true;
            closeDeadlineNanos = config.nanoClock().nanoTime() + config.closeTimeoutNanos();
            scratch.clear();
            activations.collectAll(scratch);
            for (int i = 0; i < scratch.size(); i++) {
                final Activation a = scratch.get(i);
                Envelope call;
                while ((call = a.dequeue()) != null) {
                    inbound.replyError(call, member.unavailable());
                }
            }
        }
        final boolean force = config.nanoClock().nanoTime() - closeDeadlineNanos > 0;
        scratch.clear();
        activations.collectAll(scratch);
        int work = 0;
        for (int i = 0; i < scratch.size(); i++) {
            final Activation a = scratch.get(i);
            if (a.state == Activation.ACTIVE && (a.running == 0 || force)) {
                lifecycle.deactivate(a);
                work++;
            } else if (force && a.state != Activation.ACTIVE) {
                lifecycle.abandon(a);
                work++;
            }
        }
        scratch.clear();
        if (activations.count() == 0) {
            closed = true;
            work++;
        }
        return work;
    }

    /**
     * Fails calls still waiting for replies. Called when this shard no longer runs (closed member
     * after its agents stopped, or a crashed member from the thread that drove it).
     *
     * @param includeGrainCallers also fail calls made by grains (on a crash their code is gone).
     */
    public void failAllPending(final Supplier<? extends RuntimeException> error, final boolean includeGrainCallers) {
        pending.failAll(error, includeGrainCallers);
        Object message;
        while ((message = inbox.poll()) != null) {
            if (message instanceof Envelope && ((Envelope)message).outsideFuture != null) {
                pending.failOutside(((Envelope)message).outsideFuture, error.get());
            }
        }
        outside.publishAfterStop();
        closed = true;
    }

    @Override
    public void onClose() {
        closed = true;
    }

    /**
     * The shard running on one thread now (null: none), one instance per thread that ever drove a
     * shard. Only its thread writes {@link #running}.
     */
    private static final class ShardThread {
        final Thread thread;
        ShardAgent running;

        private ShardThread(final Thread thread) {
            this.thread = thread;
        }

        /** The instance of {@code thread}, the calling thread. */
        static ShardThread of(final Thread thread) {
            ShardThread t = THREADS.get();
            if (t == null) {
                t = new ShardThread(thread);
                THREADS.set(t);
            }
            return t;
        }
    }
}
