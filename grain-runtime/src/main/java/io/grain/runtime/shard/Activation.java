package io.grain.runtime.shard;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainTimer;
import io.grain.runtime.GrainTimers;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.member.KindRegistration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One activation of a grain: the implementation object, its queue of waiting requests (an
 * intrusive list through the envelopes), the turns running on it, and its timers. It is also the
 * grain's {@link GrainContext}.
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
    private Executor executor;

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
    public <G> G self(final Class<G> grainInterface) {
        return shard.member().grainFactory().client(grainInterface, id);
    }

    @Override
    public GrainTimers timers() {
        return this;
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
