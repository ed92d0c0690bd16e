package io.grain.runtime.callback;

import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the futures of outside callers (threads that are not shards) complete: a member's default
 * callback executor. One thread at a time, the <em>holder</em> of the drain role, takes the
 * completions its shards publish in their {@link CompletionRing}s and the tasks handed to
 * {@link #execute}, in batches, and runs them: a shard hands over a batch per duty cycle (a wake-up
 * only when the holder parked for want of work), never a task per call, and no thread is started
 * per call.
 *
 * <p><b>Managed blocking.</b> A callback may block (join another call, wait on a latch, do I/O).
 * The callbacks queued behind it must not wait for it, so the role passes on while it blocks:
 * <ul>
 * <li>at once, when the callback blocks on a grain call's future ({@code join()}/{@code get()} on a
 *     {@code GrainCallFuture} not yet done calls {@link #beforeBlocking()});</li>
 * <li>otherwise when a watchdog thread, which looks every {@link #CHECK_INTERVAL_NANOS} while the
 *     holder is awake (it rests while the holder parks for want of work, and the holder wakes it), sees the
 *     holder inside the same callback at two checks in a row while its thread waits (parked, on a
 *     lock, sleeping: taken over within 10 to 20 ms), or at {@link #RUNNING_CHECKS} + 1 checks in a
 *     row while it runs (a long computation, or a wait inside native I/O, which Java reports as
 *     running: within 100 to 110 ms; a thread merely descheduled on a busy machine is not taken
 *     for blocked so soon).</li>
 * </ul>
 * The role goes to a spare drainer (one is kept parked) or to a new thread, up to
 * {@code maxThreads} drainer threads in all. A drainer whose callback returns after it lost the
 * role takes the role back if nobody holds it, else waits as the spare, else ends. When all
 * {@code maxThreads} are inside callbacks, completions wait in the rings (shards go on: a full ring
 * spills into its shard's overflow) until one returns; that is logged as a warning. Shards never
 * wait for a callback in any case.
 *
 * <p>A dependent stage whose function throws fails with that exception, as {@link CompletableFuture}
 * defines; a task given to {@link #execute} that throws is logged; either way the drainer goes on.
 *
 * <p>{@link #close()} lets the completions and tasks already handed over run, then the threads
 * end; whatever is handed over after that runs on the thread that hands it over.
 *
 * <p>Thread safety: {@link #execute}, {@link #newRing}, {@link #signal}, {@link #close} and
 * {@link #beforeBlocking} from any thread; a ring's producer side from its shard's thread.
 */
public final class CallbackThreads implements Executor, AutoCloseable {
    /** Most drainer threads of one member, the blocked ones included. */
    public static final int DEFAULT_MAX_THREADS = 16;
    /** How often the watchdog looks for a holder stuck in one callback. */
    public static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Most completions taken from one ring (or tasks from the queue) before looking at the next. */
    static final int BATCH_LIMIT = 256;
    private static final int IDLE_SPINS = 64;
    private static final int IDLE_YIELDS = 8;
    /** Checks a running (not waiting) callback may stay in before another thread takes over. */
    static final int RUNNING_CHECKS = 10;
    /** A drainer's progress once it lost the role: even, so never taken for a callback running. */
    private static final long REVOKED = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(CallbackThreads.class);
    private static final VarHandle HOLDER;
    private static final VarHandle SPARE;
    private static final VarHandle PARKED;
    private static final VarHandle PROGRESS;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HOLDER = lookup.findVarHandle(CallbackThreads.class, "holder", Drainer.class);
            SPARE = lookup.findVarHandle(CallbackThreads.class, "spare", Drainer.class);
            PARKED = lookup.findVarHandle(CallbackThreads.class, "parked", int.class);
            PROGRESS = lookup.findVarHandle(Drainer.class, "progress", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String name;
    private final int maxThreads;
    private final long checkIntervalNanos;
    private final ManyToOneConcurrentLinkedQueue<Runnable> tasks = new ManyToOneConcurrentLinkedQueue<>();
    private final Object ringsLock = new Object();
    private final Object lateLock = new Object();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private final Thread watchdog;
    private volatile CompletionRing[] rings = new CompletionRing[0];
    /** The drainer holding the drain role; null only while every allowed drainer is inside a callback. */
    private volatile Drainer holder;
    /** A drainer parked until the role is handed to it, or null. */
    private volatile Drainer spare;
    /** 1 while the holder parks for want of work: a producer that sees it wakes the holder. */
    private volatile int parked;
    /**
     * True while the watchdog rests because the holder parked for want of work (nothing can be stuck
     * in a callback then): the holder wakes it when it wakes itself, so an idle member's callback
     * threads wake nobody.
     */
    private volatile boolean watchdogResting;
    private volatile boolean closed;
    private volatile boolean terminated;
    private volatile boolean saturationReported;

    /** Callback threads named {@code namePrefix + n}, at most {@link #DEFAULT_MAX_THREADS} drainers. */
    public CallbackThreads(final String namePrefix) {
        this(namePrefix, DEFAULT_MAX_THREADS);
    }

    /**
     * @param namePrefix the threads' names start with it (daemon threads)
     * @param maxThreads most drainer threads, the blocked ones included; at least 1
     */
    public CallbackThreads(final String namePrefix, final int maxThreads) {
        this(namePrefix, maxThreads, CHECK_INTERVAL_NANOS);
    }

    /** With the watchdog's interval given: tests switch the watchdog off with {@link Long#MAX_VALUE}. */
    CallbackThreads(final String namePrefix, final int maxThreads, final long checkIntervalNanos) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1: " + maxThreads);
        }
        this.name = namePrefix;
        this.maxThreads = maxThreads;
        this.checkIntervalNanos = checkIntervalNanos;
        live.incrementAndGet();
        final Drainer first = new Drainer();
        holder = first;
        first.start();
        watchdog = new Thread(this::watch, namePrefix + "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Most drainer threads, the blocked ones included. */
    public int maxThreads() {
        return maxThreads;
    }

    /** A ring for one producer (a shard), drained with the others; it leaves once retired and drained. */
    public CompletionRing newRing() {
        final CompletionRing ring = new CompletionRing(CompletionRing.DEFAULT_CAPACITY);
        synchronized (ringsLock) {
            final CompletionRing[] current = rings;
            final CompletionRing[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = ring;
            rings = next;
        }
        return ring;
    }

    /**
     * Runs {@code task} on a callback thread (managed like a completion); after {@link #close()}
     * on the calling thread. Never blocks, never rejects.
     */
    @Override
    public void execute(final Runnable task) {
        tasks.offer(task);
        signal();
    }

    /**
     * Tells the holder that completions were published: wakes it if it parked. A producer calls it
     * once per batch, after its {@link CompletionRing#offer}s.
     */
    public void signal() {
        // the offers above must be visible before parked is read: pairs with the holder's store of
        // parked before its last look at the rings (no lost wake-up)
        VarHandle.fullFence();
        if (parked == 1 && PARKED.compareAndSet(this, 1, 0)) {
            final Drainer h = holder;
            if (h != null) {
                LockSupport.unpark(h);
            }
        } else if (terminated) {
            drainLate();
        }
    }

    /**
     * Called by code about to block the current thread until a future completes: on a drainer
     * inside a callback, hands the drain role on now, so other callers' completions do not wait for
     * this one (managed blocking). Does nothing on any other thread.
     */
    public static void beforeBlocking() {
        final Thread t = Thread.currentThread();
        if (t instanceof Drainer) {
            ((Drainer)t).owner().releaseRole((Drainer)t);
        }
    }

    /** Whether every allowed drainer is inside a callback, so nobody drains now; for tests. */
    boolean saturated() {
        return holder == null;
    }

    /** Rings registered now; for tests. */
    int ringCount() {
        return rings.length;
    }

    /** Drainer threads alive now (holder, spare, and those inside blocked callbacks); for tests and metrics. */
    public int threadCount() {
        return live.get();
    }

    /**
     * Lets what was handed over run, then ends the threads (a thread inside a blocked callback
     * ends when it returns). Idempotent. Later tasks and completions run on the thread that hands
     * them over.
     */
    @Override
    public void close() {
        closed = true;
        final Drainer h = holder;
        if (h != null) {
            LockSupport.unpark(h);
        }
        final Drainer s = spare;
        if (s != null) {
            LockSupport.unpark(s);
        }
        LockSupport.unpark(watchdog);
    }

    @Override
    public String toString() {
        return "CallbackThreads " + name + "*";
    }

    // ---- the drain role -------------------------------------------------------------------------

    private void runDrainer(final Drainer self) {
        try {
            boolean mine = holder == self;
            while (true) {
                if (!mine && !awaitRole(self)) {
                    return;
                }
                if (drainWhileHolder(self)) {
                    return;
                }
                // lost the role inside a callback that blocked; it returned now. Whoever took the role
                // away is about to name the next holder: until it has, holder still reads as this
                // thread, which must not be taken for the role handed back (two would drain)
                while (holder == self) {
                    Thread.onSpinWait();
                }
                if (terminated) {
                    return;
                }
                if (HOLDER.compareAndSet(this, null, self)) {
                    saturationReported = false;
                    mine = true;
                } else if (SPARE.compareAndSet(this, null, self)) {
                    mine = false;
                } else {
                    return;
                }
            }
        } finally {
            live.decrementAndGet();
        }
    }

    /** Parks as the spare until given the role (true) or the threads terminate (false). */
    private boolean awaitRole(final Drainer self) {
        while (true) {
            final Drainer h = holder;
            if (h == self) {
                return true;
            }
            if (h == null && HOLDER.compareAndSet(this, null, self)) {
                SPARE.compareAndSet(this, self, null);
                saturationReported = false;
                return true;
            }
            if (terminated) {
                SPARE.compareAndSet(this, self, null);
                return false;
            }
            LockSupport.park(this);
        }
    }

    /** Drains as the holder: true when the threads terminated, false when the role was lost. */
    private boolean drainWhileHolder(final Drainer self) {
        PROGRESS.setVolatile(self, self.count);
        int idle = 0;
        while (true) {
            final int fromRings = drainRings(self);
            if (fromRings < 0) {
                return false;
            }
            final int fromTasks = drainTasks(self);
            if (fromTasks < 0) {
                return false;
            }
            if (fromRings + fromTasks > 0) {
                idle = 0;
            } else if (closed) {
                terminated = true;
                // a spare parked for the role would wait for it for ever: it ends once it sees terminated
                final Drainer s = spare;
                if (s != null) {
                    LockSupport.unpark(s);
                }
                drainLate();
                return true;
            } else if (idle < IDLE_SPINS) {
                Thread.onSpinWait();
                idle++;
            } else if (idle < IDLE_SPINS + IDLE_YIELDS) {
                Thread.yield();
                idle++;
            } else {
                PARKED.setVolatile(this, 1);
                // parked must be visible before the last look at the rings: pairs with signal()'s fence
                VarHandle.fullFence();
                if (!hasWork() && !closed) {
                    LockSupport.park(this);
                }
                parked = 0;
                // pairs with the watchdog's store of watchdogResting before its look at parked: one of
                // the two sees the other's store (volatile accesses are totally ordered)
                if (watchdogResting) {
                    watchdogResting = false;
                    LockSupport.unpark(watchdog);
                }
            }
        }
    }

    /** Completions taken from the rings, or -1 when the role was lost. */
    private int drainRings(final Drainer self) {
        final CompletionRing[] current = rings;
        int count = 0;
        for (final CompletionRing ring : current) {
            long head = ring.consumerHead;
            final long tail = ring.publishedTail();
            if (head == tail) {
                if (ring.isRetired() && !ring.hasWork()) {
                    remove(ring);
                }
                continue;
            }
            final long limit = Math.min(tail, head + BATCH_LIMIT);
            while (head < limit) {
                final Object future = ring.future(head);
                final Object value = ring.value(head);
                final Throwable error = ring.error(head);
                ring.clear(head);
                ring.consumerHead = ++head;
                // free the slot before the callback: a successor (if this one blocks) starts after it
                ring.releaseConsumed();
                count++;
                if (!runCompletion(self, future, value, error)) {
                    return -1;
                }
            }
        }
        return count;
    }

    /** Tasks run, or -1 when the role was lost. */
    private int drainTasks(final Drainer self) {
        int count = 0;
        Runnable task;
        while (count < BATCH_LIMIT && (task = tasks.poll()) != null) {
            count++;
            if (!runTask(self, task)) {
                return -1;
            }
        }
        return count;
    }

    private boolean runCompletion(final Drainer self, final Object future, final Object value, final Throwable error) {
        final long inside = self.count + 1;
        PROGRESS.setRelease(self, inside);
        complete(future, value, error);
        self.count = inside + 1;
        return PROGRESS.compareAndSet(self, inside, inside + 1);
    }

    private boolean runTask(final Drainer self, final Runnable task) {
        final long inside = self.count + 1;
        PROGRESS.setRelease(self, inside);
        run(task);
        self.count = inside + 1;
        return PROGRESS.compareAndSet(self, inside, inside + 1);
    }

    @SuppressWarnings("unchecked")
    private static void complete(final Object future, final Object value, final Throwable error) {
        try {
            if (error != null) {
                ((CompletableFuture<Object>)future).completeExceptionally(error);
            } else {
                ((CompletableFuture<Object>)future).complete(value);
            }
        } catch (final Throwable t) {
            LOG.error("completing the future of an outside caller failed", t);
        }
    }

    private static void run(final Runnable task) {
        try {
            task.run();
        } catch (final Throwable t) {
            LOG.error("a callback task failed: {}", task, t);
        }
    }

    private boolean hasWork() {
        if (!tasks.isEmpty()) {
            return true;
        }
        for (final CompletionRing ring : rings) {
            if (ring.hasWork()) {
                return true;
            }
        }
        return false;
    }

    private void remove(final CompletionRing ring) {
        synchronized (ringsLock) {
            final CompletionRing[] current = rings;
            int at = -1;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == ring) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                final CompletionRing[] next = new CompletionRing[current.length - 1];
                System.arraycopy(current, 0, next, 0, at);
                System.arraycopy(current, at + 1, next, at, current.length - at - 1);
                rings = next;
            }
        }
    }

    /** After termination: runs what is handed over on this thread, one drainer at a time. */
    private void drainLate() {
        synchronized (lateLock) {
            for (final CompletionRing ring : rings) {
                long head = ring.consumerHead;
                final long tail = ring.publishedTail();
                while (head < tail) {
                    final Object future = ring.future(head);
                    final Object value = ring.value(head);
                    final Throwable error = ring.error(head);
                    ring.clear(head);
                    ring.consumerHead = ++head;
                    ring.releaseConsumed();
                    complete(future, value, error);
                }
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                run(task);
            }
        }
    }

    // ---- managed blocking -----------------------------------------------------------------------

    /** {@link #beforeBlocking()} on drainer {@code self}: gives the role up if it is inside a callback. */
    private void releaseRole(final Drainer self) {
        final long p = (long)PROGRESS.getVolatile(self);
        if ((p & 1) == 1 && PROGRESS.compareAndSet(self, p, REVOKED)) {
            handOver();
        }
    }

    /**
     * The holder was revoked (by whoever did it, who alone calls this): gives the role to the spare,
     * else to a new drainer, else to nobody until a blocked drainer returns.
     */
    private void handOver() {
        final Drainer next = (Drainer)SPARE.getAndSet(this, null);
        if (next != null) {
            holder = next;
            LockSupport.unpark(next);
            return;
        }
        if (live.incrementAndGet() <= maxThreads && !terminated) {
            final Drainer started = new Drainer();
            holder = started;
            started.start();
            return;
        }
        live.decrementAndGet();
        holder = null;
        // a drainer that became the spare meanwhile takes the role itself
        final Drainer s = spare;
        if (s != null) {
            LockSupport.unpark(s);
        }
        if (!saturationReported) {
            saturationReported = true;
            LOG.warn("{}: all {} callback threads are inside callbacks that block; completions of outside "
                + "callers wait until one returns (shards go on)", name, maxThreads);
        }
    }

    private void watch() {
        Drainer seen = null;
        long seenProgress = 0;
        int stuckChecks = 0;
        while (!terminated) {
            LockSupport.parkNanos(this, checkIntervalNanos);
            final Drainer h = holder;
            if (h == null) {
                seen = null;
                ensureHolder();
                continue;
            }
            final long p = (long)PROGRESS.getVolatile(h);
            if ((p & 1) == 0 && parked == 1) {
                rest();
                seen = null;
                continue;
            }
            if (h != seen || p != seenProgress || (p & 1) == 0) {
                seen = h;
                seenProgress = p;
                stuckChecks = 0;
                continue;
            }
            stuckChecks++;
            // a callback that waits (park, lock, sleep) is taken over at once; one that runs (computes, or
            // waits inside native I/O) only after RUNNING_CHECKS, so a thread merely descheduled on a busy
            // machine does not start another
            if ((stuckChecks >= RUNNING_CHECKS || h.getState() != Thread.State.RUNNABLE)
                && PROGRESS.compareAndSet(h, p, REVOKED)) {
                LOG.debug("{}: a callback on {} has not returned for {} checks; another thread takes the completions",
                    name, h.getName(), stuckChecks);
                handOver();
                seen = null;
            }
        }
    }

    /** Parks the watchdog while the holder parks for want of work, until the holder wakes or close. */
    private void rest() {
        watchdogResting = true;
        if (parked != 1) {
            // the holder woke between the two looks (and may have missed watchdogResting): look again
            watchdogResting = false;
            return;
        }
        while (watchdogResting && !closed) {
            LockSupport.park(this);
        }
        watchdogResting = false;
    }

    /** Nobody holds the role: if a drainer ended meanwhile (fewer than the bound are alive), starts one. */
    private void ensureHolder() {
        if (closed || live.get() >= maxThreads || SPARE.getAcquire(this) != null) {
            return;
        }
        if (live.incrementAndGet() <= maxThreads) {
            final Drainer started = new Drainer();
            if (HOLDER.compareAndSet(this, null, started)) {
                started.start();
                return;
            }
        }
        live.decrementAndGet();
    }

    /** A drainer thread; {@code progress} is odd while it runs a callback as the holder. */
    private final class Drainer extends Thread {
        /** Written by this thread with ordered stores; CASed to {@link #REVOKED} by whoever takes the role away. */
        @SuppressWarnings("unused")
        private volatile long progress;
        /** This thread's own count of callbacks begun and ended (always even between callbacks). */
        long count;

        Drainer() {
            super(name + threadNumbers.incrementAndGet());
            setDaemon(true);
        }

        CallbackThreads owner() {
            return CallbackThreads.this;
        }

        @Override
        public void run() {
            runDrainer(this);
        }
    }
}
