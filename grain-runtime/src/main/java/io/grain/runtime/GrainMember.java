package io.grain.runtime;

import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.member.LongTurnListener;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.member.MemberHealthCheck;
import io.grain.runtime.member.MemberRuntime;
import io.grain.runtime.membership.Membership;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.shard.ShardAgent;
import io.grain.runtime.storage.RecordSite;
import io.grain.runtime.storage.StoredRecords;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import io.grain.storage.RecordStore;
import io.grain.storage.Storage;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A member: hosts grains on shards (Agrona agents), each on its own {@link AgentRunner} thread
 * with a back-off idle strategy, or driven by the application through {@link AgentInvoker}s
 * (to embed the member in a game loop).
 *
 * <pre>{@code
 * try (GrainMember member = GrainMember.builder()
 *         .register(Player.class, PlayerGrain::new)
 *         .start()) {
 *     member.grains().get(Player.class, "alice").addScore(10).join();
 * }
 * }</pre>
 *
 * <p>Thread safe: {@link #grains()} may be used from any thread; calls from outside threads
 * complete on the member's callback executor, never on a shard thread.
 */
public final class GrainMember implements AutoCloseable {
    /** How the shards are driven. */
    public enum Threading {
        /** One {@link AgentRunner} thread per shard (the default). */
        AGENT_RUNNERS,
        /** The application calls {@link AgentInvoker#invoke()} on {@link #agentInvokers()}. */
        INVOKERS
    }

    /** Back-off idle strategy of shard threads: spins, then yields, then parks up to this long. */
    public static final long DEFAULT_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long {@link #health()} waits for the storage to answer its check. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(GrainMember.class);

    private final MemberRuntime runtime;
    private final AgentRunner[] runners;
    /** The runners' threads, kept from their start (a runner learns its thread only once it runs). */
    private final Thread[] threads;
    private final List<AgentInvoker> invokers;
    private final ExecutorService ownedExecutor;
    private final MemberHealthCheck healthCheck;
    private boolean closed;

    private GrainMember(final MemberRuntime runtime, final Threading threading, final Supplier<IdleStrategy> idle,
        final ExecutorService ownedExecutor) {
        this.runtime = runtime;
        this.ownedExecutor = ownedExecutor;
        final ShardAgent[] shards = runtime.shards();
        if (threading == Threading.AGENT_RUNNERS) {
            runners = new AgentRunner[shards.length];
            for (int i = 0; i < shards.length; i++) {
                runners[i] = new AgentRunner(idle.get(), t -> LOG.error("shard failed", t), null, shards[i]);
            }
            invokers = List.of();
        } else {
            runners = null;
            final AgentInvoker[] array = new AgentInvoker[shards.length];
            for (int i = 0; i < shards.length; i++) {
                array[i] = new AgentInvoker(t -> LOG.error("shard failed", t), null, shards[i]);
            }
            invokers = List.of(array);
        }
        this.healthCheck = new MemberHealthCheck(runtime, this::threadsRunning);
        runtime.start();
        if (runners != null) {
            threads = new Thread[runners.length];
            for (int i = 0; i < runners.length; i++) {
                threads[i] = AgentRunner.startOnThread(runners[i]);
            }
        } else {
            threads = null;
            for (final AgentInvoker invoker : invokers) {
                invoker.start();
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients of grains, wherever placement puts them. */
    public GrainFactory grains() {
        return runtime.grains();
    }

    public int memberId() {
        return runtime.memberId();
    }

    /** Calls to one grain kind and key on every live member at once (one activation per member). */
    public EveryMember everyMember() {
        return runtime.everyMember();
    }

    /** This member's calls, call errors and live activations; readable from any thread. */
    public MemberCounters counters() {
        return runtime.counters();
    }

    /**
     * The rows of the table of {@code type} (a {@code @Stored} record with a key), for code outside
     * grains; futures complete on the storage's threads.
     *
     * @throws IllegalStateException when the member has no storage.
     */
    public <T> RecordStore<T> records(final Class<T> type) {
        return records(StoredTypes.of(type));
    }

    /** Like {@link #records(Class)}, with the stored type given. */
    public <T> RecordStore<T> records(final StoredType<T> type) {
        final Storage storage = runtime.config().storage();
        if (storage == null) {
            throw new IllegalStateException("member " + memberId() + " has no storage; configure one with "
                + "GrainMember.builder().storage(...)");
        }
        return new StoredRecords<>(storage, type, RecordSite.anyThread(runtime.invoker()));
    }

    /**
     * This member's health now, for a supervisor's or Kubernetes' probes: live while its shard
     * threads run, ready while it is also joined, not closing and its storage answers a check
     * within {@link #DEFAULT_HEALTH_TIMEOUT}. Any thread but a shard's (it may wait for the storage).
     */
    public MemberHealth health() {
        return health(DEFAULT_HEALTH_TIMEOUT);
    }

    /** {@link #health()}, waiting at most {@code storageTimeout} for the storage's check. */
    public MemberHealth health(final Duration storageTimeout) {
        Objects.requireNonNull(storageTimeout, "storageTimeout");
        if (storageTimeout.isNegative() || storageTimeout.isZero()) {
            throw new IllegalArgumentException("storage timeout must be positive: " + storageTimeout);
        }
        return healthCheck.check(storageTimeout);
    }

    /**
     * Whether this member's shard threads (or, in {@link Threading#INVOKERS} mode, its invokers)
     * run: the liveness of {@link #health()} without its readiness checks, so it never waits.
     * Any thread.
     */
    public boolean isLive() {
        return threadsRunning();
    }

    private boolean threadsRunning() {
        if (runners != null) {
            for (int i = 0; i < runners.length; i++) {
                if (runners[i].isClosed() || !threads[i].isAlive()) {
                    return false;
                }
            }
            return true;
        }
        for (final AgentInvoker invoker : invokers) {
            if (!invoker.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /** The shards' invokers in {@link Threading#INVOKERS} mode (empty otherwise); call invoke() on one thread. */
    public List<AgentInvoker> agentInvokers() {
        return invokers;
    }

    /**
     * Stops taking calls (later calls fail with {@link GrainUnavailableException}), lets in-flight
     * turns finish within the close timeout, runs every activation's {@code onDeactivate}, leaves
     * the membership and stops the shards. In {@link Threading#INVOKERS} mode the calling thread
     * drives the invokers while it waits, so call it from the thread that drives them.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        runtime.beginClose();
        final long deadline = System.nanoTime() + runtime.config().closeTimeoutNanos() + TimeUnit.SECONDS.toNanos(1);
        while (!runtime.shardsClosed() && System.nanoTime() - deadline < 0) {
            if (runners == null) {
                for (final AgentInvoker invoker : invokers) {
                    invoker.invoke();
                }
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        if (!runtime.shardsClosed()) {
            LOG.warn("member {} closed before all of its activations deactivated", memberId());
        }
        if (runners != null) {
            for (final AgentRunner runner : runners) {
                runner.close();
            }
        } else {
            for (final AgentInvoker invoker : invokers) {
                invoker.close();
            }
        }
        runtime.finishClose();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    /** Configures a member; defaults are the {@code DEFAULT_*} constants of {@link MemberConfig}. Not thread safe. */
    public static final class Builder {
        private final MemberConfig.Builder config = MemberConfig.builder();
        private Threading threading = Threading.AGENT_RUNNERS;
        private Supplier<IdleStrategy> idleStrategy =
            () -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), DEFAULT_MAX_PARK_NANOS);
        private InJvmNetwork network;
        private boolean executorSet;

        private Builder() {
        }

        /** Hosts grains of {@code grainInterface}, made by {@code factory} (e.g. {@code PlayerGrain::new}). */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory) {
            config.register(grainInterface, factory);
            return this;
        }

        /** Hosts grains of {@code grainInterface} collected after {@code collectionAge} idle. */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Duration collectionAge) {
            config.register(grainInterface, factory, collectionAge);
            return this;
        }

        /**
         * Hosts grains of {@code grainInterface} with per-kind settings, e.g.
         * {@code kind -> kind.supervision(Supervision.DEFAULT.restartOnFailure())}.
         */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Consumer<KindOptions> options) {
            config.register(grainInterface, factory, options);
            return this;
        }

        /** Number of shards; default {@link MemberConfig#DEFAULT_SHARDS}. */
        public Builder shards(final int shards) {
            config.shards(shards);
            return this;
        }

        public Builder threading(final Threading threading) {
            this.threading = Objects.requireNonNull(threading, "threading");
            return this;
        }

        /** Idle strategy of each shard's {@link AgentRunner}; a new one per shard. */
        public Builder idleStrategy(final Supplier<IdleStrategy> idleStrategy) {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        public Builder clock(final EpochClock clock) {
            config.clock(clock);
            return this;
        }

        /** Timeout of methods without {@code @Timeout}; default {@link MemberConfig#DEFAULT_CALL_TIMEOUT}. */
        public Builder callTimeout(final Duration timeout) {
            config.callTimeout(timeout);
            return this;
        }

        /** Idle age after which activations are collected; default {@link MemberConfig#DEFAULT_COLLECTION_AGE}. */
        public Builder collectionAge(final Duration age) {
            config.collectionAge(age);
            return this;
        }

        public Builder longTurnThreshold(final Duration threshold) {
            config.longTurnThreshold(threshold);
            return this;
        }

        public Builder longTurnListener(final LongTurnListener listener) {
            config.longTurnListener(listener);
            return this;
        }

        public Builder closeTimeout(final Duration timeout) {
            config.closeTimeout(timeout);
            return this;
        }

        /** Where futures of outside callers complete; default: a cached pool of daemon threads owned by the member. */
        public Builder callbackExecutor(final Executor executor) {
            config.callbackExecutor(executor);
            executorSet = true;
            return this;
        }

        /**
         * Where grain states ({@code GrainContext.state}) and records ({@code records}) are stored,
         * e.g. {@code JdbcStorage.sqlite(path)}; default none. The member does not close a storage
         * it is given: whoever created it closes it, after the member.
         */
        public Builder storage(final Storage storage) {
            config.storage(storage);
            return this;
        }

        /** Shortest period a reminder may have; default {@link MemberConfig#DEFAULT_REMINDER_MINIMUM_PERIOD}. */
        public Builder reminderMinimumPeriod(final Duration period) {
            config.reminderMinimumPeriod(period);
            return this;
        }

        /** How often the member reloads the reminders it owns; default {@link MemberConfig#DEFAULT_REMINDER_SCAN_INTERVAL}. */
        public Builder reminderScanInterval(final Duration interval) {
            config.reminderScanInterval(interval);
            return this;
        }

        /**
         * Reports the member's calls, turns, activations and storage operations to
         * {@code observer}, e.g. {@code new GrainMeters(meterRegistry)} of grain-metrics-micrometer;
         * one observer per member. Default: none (nothing is measured).
         */
        public Builder observer(final MemberObserver observer) {
            config.observer(observer);
            return this;
        }

        /**
         * Makes a span of every request this member serves through {@code tracer}, e.g.
         * {@code new OpenTelemetryTracer(openTelemetry)} of grain-tracing-opentelemetry. Without
         * one, trace contexts still pass through unchanged.
         */
        public Builder tracer(final CallTracer tracer) {
            config.tracer(tracer);
            return this;
        }

        /** Joins other members of {@code network} in this JVM; the member id comes from the network unless set. */
        public Builder network(final InJvmNetwork network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Uses another transport and membership (e.g. Aeron); the member id must be set. */
        public Builder transport(final Transport transport, final Membership membership) {
            config.transport(transport).membership(membership).memberId(transport.memberId());
            return this;
        }

        public Builder memberId(final int memberId) {
            config.memberId(memberId);
            return this;
        }

        /** Validates the configuration and starts the member. */
        public GrainMember start() {
            if (!config.hasNetwork()) {
                final InJvmNetwork net = network != null ? network : new InJvmNetwork();
                int id = config.memberIdValue();
                if (id < 0) {
                    id = net.nextMemberId();
                    config.memberId(id);
                }
                config.transport(net.open(id)).membership(net.membership());
            }
            ExecutorService owned = null;
            if (!executorSet) {
                owned = callbackPool("grain-callback-" + config.memberIdValue() + "-");
                config.callbackExecutor(owned);
            }
            final MemberRuntime runtime = new MemberRuntime(config.build());
            return new GrainMember(runtime, threading, idleStrategy, owned);
        }
    }

    /** A cached pool of daemon threads: a callback that blocks holds only its own thread. */
    static ExecutorService callbackPool(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            final Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The raw call path under the generated clients, for code that carries already encoded
     * messages (a gateway, a bridge): {@link CallInvoker#begin} takes a grain id and a method of
     * its generated dispatcher, the request message goes into {@code arguments()}. Thread safe,
     * like {@link #grains()}.
     */
    public CallInvoker invoker() {
        return runtime.invoker();
    }
}
