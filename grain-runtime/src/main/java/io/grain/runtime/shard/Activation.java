package io.grain.runtime.shard;

import io.grain.runtime.EveryMember;
import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainReminders;
import io.grain.runtime.GrainTimer;
import io.grain.runtime.GrainTimers;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.storage.RecordSite;
import io.grain.runtime.storage.StoredRecords;
import io.grain.runtime.topic.Topics;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.GrainState;
import io.grain.storage.RecordStore;
import io.grain.storage.StateKey;
import io.grain.storage.StoredType;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One activation of a grain: the implementation object, its queue of waiting requests (an
 * intrusive list through the envelopes), the turns running on it, its timers and its declared
 * states. It is also the grain's {@link GrainContext}.
 *
 * <p>Thread ownership: everything here belongs to its shard's thread, except {@link #id()} and
 * {@link #executor()}.
 */
final class Activation implements GrainContext, GrainTimers {
    static final byte ACTIVATING = 0;
    static final byte ACTIVE = 1;
    static final byte DEACTIVATING = 2;
    static final byte INVALID = 3;

    final ShardAgent shard;
    final GrainId id;
    final KindRegistration registration;
    final WorkerSet workerSet;
    Object grain;
    byte state = ACTIVATING;
    boolean deactivateRequested;
    /** Its kind's supervision restarts it after a failed turn: new calls wait for the fresh activation. */
    boolean restarting;
    /** Made or used by an every-member call: it belongs to this member, so membership changes leave it here. */
    boolean pinned;
    boolean pumping;
    boolean started;
    /** Running turns that block everything (neither read-only nor always-interleave). */
    int runningWriters;
    /** Running read-only turns. */
    int runningReaders;
    /** All running turns. */
    int running;
    Turn runningHead;
    Envelope queueHead;
    Envelope queueTail;
    long lastActive;
    ArrayList<TimerHandle> timers;
    /** The states the grain declared in its constructor; null when none. */
    ArrayList<ActivationState<?>> states;
    /** True while the registered factory runs: the only time states may be declared. */
    boolean constructing;
    private Executor executor;
    private ActivationReminders reminders;

    Activation(final ShardAgent shard, final GrainId id, final KindRegistration registration, final WorkerSet workerSet) {
        this.shard = shard;
        this.id = id;
        this.registration = registration;
        this.workerSet = workerSet;
    }

    void enqueue(final Envelope envelope) {
        envelope.next = null;
        if (queueTail == null) {
            queueHead = envelope;
        } else {
            queueTail.next = envelope;
        }
        queueTail = envelope;
    }

    Envelope dequeue() {
        final Envelope head = queueHead;
        if (head != null) {
            queueHead = head.next;
            if (queueHead == null) {
                queueTail = null;
            }
            head.next = null;
        }
        return head;
    }

    boolean chainRunning(final long chainId) {
        return runningTurn(chainId) != null;
    }

    /** A running turn of {@code chainId}, or null. */
    Turn runningTurn(final long chainId) {
        for (Turn t = runningHead; t != null; t = t.nextRunning) {
            if (t.chainId == chainId) {
                return t;
            }
        }
        return null;
    }

    void addRunning(final Turn turn) {
        turn.nextRunning = runningHead;
        runningHead = turn;
        running++;
        if (!turn.method.alwaysInterleave()) {
            if (turn.method.readOnly()) {
                runningReaders++;
            } else {
                runningWriters++;
            }
        }
    }

    void removeRunning(final Turn turn) {
        Turn previous = null;
        for (Turn t = runningHead; t != null; previous = t, t = t.nextRunning) {
            if (t == turn) {
                if (previous == null) {
                    runningHead = t.nextRunning;
                } else {
                    previous.nextRunning = t.nextRunning;
                }
                running--;
                if (!turn.method.alwaysInterleave()) {
                    if (turn.method.readOnly()) {
                        runningReaders--;
                    } else {
                        runningWriters--;
                    }
                }
                return;
            }
        }
    }

    boolean idle() {
        return running == 0 && queueHead == null;
    }

    // ---- GrainContext ----------------------------------------------------------------------------

    @Override
    public GrainId id() {
        return id;
    }

    @Override
    public Clock clock() {
        return shard.member().clock();
    }

    @Override
    public GrainFactory grains() {
        return shard.member().grains();
    }

    @Override
    public EveryMember everyMember() {
        return shard.member().everyMember();
    }

    @Override
    public Topics topics() {
        return Topics.of(shard.member());
    }

    @Override
    public <G> G self(final Class<G> grainInterface) {
        return shard.member().grainFactory().client(grainInterface, id);
    }

    @Override
    public GrainTimers timers() {
        return this;
    }

    @Override
    public GrainReminders reminders() {
        ActivationReminders r = reminders;
        if (r == null) {
            r = new ActivationReminders(this);
            reminders = r;
        }
        return r;
    }

    @Override
    public void deactivateOnIdle() {
        shard.checkThread("GrainContext.deactivateOnIdle");
        deactivateRequested = true;
        if (running == 0) {
            shard.lifecycle.deactivateWhenIdle(this);
        }
    }

    @Override
    public Executor executor() {
        Executor e = executor;
        if (e == null) {
            e = task -> shard.offerTask(new ContextTask(this, Objects.requireNonNull(task, "task")));
            executor = e;
        }
        return e;
    }

    @Override
    public <T> GrainState<T> state(final String name, final StoredType<T> type) {
        shard.checkThread("GrainContext.state");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!constructing) {
            throw new IllegalStateException("GrainContext.state(\"" + name + "\", " + type.type().getSimpleName() + ") was called by "
                + id + " after its constructor; declare every state in the grain's constructor and keep the GrainState in a field"
                + " (it is loaded before onActivate and the first call)");
        }
        if (type.keyKind() != null) {
            throw new IllegalArgumentException(type.type().getName() + " has a key (table '" + type.table() + "'), so it is a"
                + " record of a table, not a grain state; use GrainContext.records(" + type.type().getSimpleName() + ".class)");
        }
        if (registration.statelessWorkerMax() > 0) {
            throw new IllegalStateException(id + " is a @StatelessWorker: its many activations of one key would overwrite each"
                + " other's state; keep durable state in a grain that is not a stateless worker, or use records(..)");
        }
        shard.storage.requireStorage("GrainContext.state");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a state name must not be empty");
        }
        if (states == null) {
            states = new ArrayList<>(2);
        }
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).key.name().equals(name)) {
                throw new IllegalArgumentException("state '" + name + "' of " + id + " is declared twice; give each state of a"
                    + " grain its own name: state(\"name\", " + type.type().getSimpleName() + ".class)");
            }
        }
        final ActivationState<T> state = new ActivationState<>(this, type, new StateKey(id.kind(), stateKey(id), name));
        states.add(state);
        return state;
    }

    /** A grain's key as a state key stores it: {@code s:alice}, {@code l:42}, {@code u:<uuid>}. */
    static String stateKey(final GrainId id) {
        switch (id.keyType()) {
            case STRING: return "s:" + id.stringKey();
            case LONG: return "l:" + id.longKey();
            default: return "u:" + id.uuidKey();
        }
    }

    @Override
    public <T> RecordStore<T> records(final StoredType<T> type) {
        shard.checkThread("GrainContext.records");
        final var storage = shard.storage.requireStorage("GrainContext.records");
        return new StoredRecords<>(storage, type, new ActivationRecordSite(this));
    }

    // ---- GrainTimers -----------------------------------------------------------------------------

    @Override
    public GrainTimer once(final Duration delay, final Runnable action) {
        return schedule(delay, 0, action);
    }

    @Override
    public GrainTimer every(final Duration initialDelay, final Duration period, final Runnable action) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("timer period must be positive: " + period);
        }
        return schedule(initialDelay, Math.max(1, period.toMillis()), action);
    }

    private GrainTimer schedule(final Duration delay, final long periodMillis, final Runnable action) {
        shard.checkThread("GrainTimers");
        Objects.requireNonNull(action, "action");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("timer delay must not be negative: " + delay);
        }
        if (state == DEACTIVATING || state == INVALID) {
            throw new IllegalStateException(id + " is deactivating; it cannot start timers");
        }
        final TimerHandle timer = new TimerHandle(this, action, periodMillis);
        if (timers == null) {
            timers = new ArrayList<>(2);
        }
        timers.add(timer);
        shard.timers.schedule(timer, shard.now() + delay.toMillis());
        return timer;
    }

    @Override
    public String toString() {
        return "Activation{" + id + ", state=" + state + ", running=" + running + "}";
    }

    /** Record operations of this activation's code: the shard's writer, completions back on the activation. */
    private static final class ActivationRecordSite implements RecordSite {
        private final Activation activation;

        ActivationRecordSite(final Activation activation) {
            this.activation = activation;
        }

        @Override
        public ProtoWriter begin(final String operation) {
            activation.shard.checkThread("RecordStore." + operation + " of a grain's context");
            return activation.shard.storage.writer();
        }

        @Override
        public <R> CompletableFuture<R> deliver(final CompletableFuture<R> io) {
            return activation.shard.storage.deliver(activation, io);
        }

        @Override
        public CallInvoker invoker() {
            return activation.shard.invoker();
        }
    }

    /** A task given to {@link #executor()}. */
    static final class ContextTask implements ShardTask {
        final Activation activation;
        final Runnable task;

        ContextTask(final Activation activation, final Runnable task) {
            this.activation = activation;
            this.task = task;
        }

        @Override
        public void runOnShard(final ShardAgent shard) {
            shard.runInContext(activation, task, "executor task");
        }
    }
}
