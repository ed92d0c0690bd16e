package io.grain.runtime.member;

import io.grain.runtime.GrainContext;
import io.grain.runtime.IdleProfile;
import io.grain.runtime.KindOptions;
import io.grain.runtime.Supervision;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.membership.Membership;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.ObservedStorage;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import io.grain.storage.Storage;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything a member (or a client) is made of, concluded once from its settings; immutable and
 * safe to share between threads.
 *
 * <p>The settings are written once, here: {@link CallerSettings} holds what every process that
 * calls grains needs (identity, transport, shards, call timeout, callback executor),
 * {@link HostSettings} adds what hosting grains needs (registrations, collection, long turns,
 * storage, reminders). {@code GrainMember.Builder} extends {@link HostSettings},
 * {@code GrainClient.Builder} extends {@link CallerSettings}, and {@link Builder} (for the test kit)
 * extends {@link HostSettings}. Defaults are the {@code DEFAULT_*} constants; every setting is
 * validated when the settings are concluded (on {@code start()}, {@code connect()} or
 * {@link Builder#build()}), which leaves the settings themselves unchanged.
 */
public final class MemberConfig {
    /** Shards per member: one per available processor. */
    public static final int DEFAULT_SHARDS = Runtime.getRuntime().availableProcessors();
    /** How long a caller waits for a reply when the method has no {@code @Timeout}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long an activation may stay idle before it is collected. */
    public static final Duration DEFAULT_COLLECTION_AGE = Duration.ofMinutes(15);
    /** Longest interval between two idle-collection sweeps of a shard. */
    public static final Duration DEFAULT_COLLECTION_SWEEP = Duration.ofMinutes(1);
    /** Grain code holding a shard longer than this is reported. */
    public static final Duration DEFAULT_LONG_TURN_THRESHOLD = Duration.ofMillis(200);
    /** How long {@code close()} waits for in-flight turns and deactivation hooks. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Capacity of each shard's inbound queue (messages); a full queue spills into a local overflow. */
    public static final int DEFAULT_SHARD_QUEUE_CAPACITY = 16 * 1024;
    /** Shortest period a reminder may have (as Orleans): ticks more often belong on a grain timer. */
    public static final Duration DEFAULT_REMINDER_MINIMUM_PERIOD = Duration.ofMinutes(1);
    /** How often a member reloads the reminders it owns from storage (also on every membership change). */
    public static final Duration DEFAULT_REMINDER_SCAN_INTERVAL = Duration.ofMinutes(1);
    /** Timer wheel tick in milliseconds (a power of two). */
    public static final int TIMER_TICK_MILLIS = 8;
    /** Timer wheel ticks per revolution (a power of two). */
    public static final int TIMER_TICKS_PER_WHEEL = 512;

    /** The host settings of a client: no kinds, every other setting at its default. Never changed. */
    private static final HostSettings<?> HOSTS_NOTHING = new Builder();

    private final int memberId;
    private final boolean hostsGrains;
    private final int shards;
    private final Map<String, KindRegistration> kinds;
    private final EpochClock clock;
    private final NanoClock nanoClock;
    private final long callTimeoutMillis;
    private final long collectionAgeMillis;
    private final long collectionSweepMillis;
    private final long longTurnThresholdNanos;
    private final LongTurnListener longTurnListener;
    private final long closeTimeoutNanos;
    private final int shardQueueCapacity;
    private final IdleProfile idleProfile;
    private final Executor callbackExecutor;
    private final Transport transport;
    private final Membership membership;
    private final Storage storage;
    private final long reminderMinimumPeriodMillis;
    private final long reminderScanIntervalMillis;
    private final MemberObserver observer;
    private final CallTracer tracer;

    private MemberConfig(final CallerSettings<?> c, final HostSettings<?> h, final int memberId, final Transport transport,
        final Membership membership, final Executor callbackExecutor, final boolean hostsGrains) {
        this.memberId = memberId;
        this.hostsGrains = hostsGrains;
        shards = c.shards;
        clock = c.clock;
        nanoClock = c.nanoClock;
        callTimeoutMillis = c.callTimeout.toMillis();
        closeTimeoutNanos = c.closeTimeout.toNanos();
        shardQueueCapacity = c.shardQueueCapacity;
        idleProfile = c.idleProfile;
        this.callbackExecutor = callbackExecutor;
        this.transport = transport;
        this.membership = membership;
        tracer = c.tracer;
        final HostSettings<?> host = h != null ? h : HOSTS_NOTHING;
        kinds = indexed(host.kinds);
        collectionAgeMillis = host.collectionAge.toMillis();
        long minAge = collectionAgeMillis;
        for (final KindRegistration k : kinds.values()) {
            if (k.collectionAgeMillis() > 0) {
                minAge = Math.min(minAge, k.collectionAgeMillis());
            }
        }
        collectionSweepMillis = Math.max(TIMER_TICK_MILLIS, Math.min(host.collectionSweep.toMillis(), minAge / 4));
        longTurnThresholdNanos = host.longTurnThreshold.toNanos();
        longTurnListener = host.longTurnListener;
        observer = host.observer;
        // with an observer, the member reports every storage operation it makes
        storage = host.storage != null && observer != MemberObserver.NONE ? new ObservedStorage(host.storage, observer, nanoClock)
            : host.storage;
        reminderMinimumPeriodMillis = host.reminderMinimumPeriod.toMillis();
        reminderScanIntervalMillis = host.reminderScanInterval.toMillis();
    }

    /** The kinds in registration order, each knowing its index. */
    private static Map<String, KindRegistration> indexed(final Map<String, KindRegistration> kinds) {
        final Map<String, KindRegistration> result = new LinkedHashMap<>();
        for (final KindRegistration k : kinds.values()) {
            result.put(k.kind(), k.withIndex(result.size()));
        }
        return Collections.unmodifiableMap(result);
    }

    /** What the member reports its work to (metrics); {@link MemberObserver#NONE} by default. */
    public MemberObserver observer() {
        return observer;
    }

    /** The tracer of the requests the member serves, or null: trace contexts are passed on unchanged. */
    public CallTracer tracer() {
        return tracer;
    }

    /** Settings for a member built by hand (the test kit); users configure through {@code GrainMember.builder()}. */
    public static Builder builder() {
        return new Builder();
    }

    public int memberId() {
        return memberId;
    }

    /** True for a member (it joins the placement view and hosts grains), false for a {@code GrainClient}. */
    public boolean hostsGrains() {
        return hostsGrains;
    }

    public int shards() {
        return shards;
    }

    /** Registered kinds by kind name. */
    public Map<String, KindRegistration> kinds() {
        return kinds;
    }

    public EpochClock clock() {
        return clock;
    }

    public NanoClock nanoClock() {
        return nanoClock;
    }

    public long callTimeoutMillis() {
        return callTimeoutMillis;
    }

    public long collectionAgeMillis() {
        return collectionAgeMillis;
    }

    public long collectionSweepMillis() {
        return collectionSweepMillis;
    }

    public long longTurnThresholdNanos() {
        return longTurnThresholdNanos;
    }

    public LongTurnListener longTurnListener() {
        return longTurnListener;
    }

    public long closeTimeoutNanos() {
        return closeTimeoutNanos;
    }

    public int shardQueueCapacity() {
        return shardQueueCapacity;
    }

    /** How the member's threads wait when idle (shards, transport, embedded driver). */
    public IdleProfile idleProfile() {
        return idleProfile;
    }

    /** Where futures of outside callers complete (by default the member's {@code CallbackThreads}). */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    public Transport transport() {
        return transport;
    }

    public Membership membership() {
        return membership;
    }

    /** Where grain states and records are stored, or null when the member has none; the member does not close it. */
    public Storage storage() {
        return storage;
    }

    /** The shortest period a reminder may be registered with, in milliseconds. */
    public long reminderMinimumPeriodMillis() {
        return reminderMinimumPeriodMillis;
    }

    /** How often the member reloads the reminders it owns from storage, in milliseconds. */
    public long reminderScanIntervalMillis() {
        return reminderScanIntervalMillis;
    }

    /**
     * What every process that calls grains is made of: its identity and transport, its shards, its
     * call timeout and where outside callers' futures complete. Each setting is written here once;
     * {@code B} is the concrete builder, so the setters chain. Not thread safe: configure on one
     * thread, then start.
     *
     * @param <B> the concrete builder
     */
    public abstract static class CallerSettings<B extends CallerSettings<B>> {
        int memberId = -1;
        int shards;
        EpochClock clock = SystemEpochClock.INSTANCE;
        NanoClock nanoClock = SystemNanoClock.INSTANCE;
        Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        int shardQueueCapacity = DEFAULT_SHARD_QUEUE_CAPACITY;
        IdleProfile idleProfile = IdleProfile.DEFAULT;
        Executor callbackExecutor;
        Transport transport;
        Membership membership;
        InJvmNetwork network;
        CallTracer tracer;

        protected CallerSettings(final int defaultShards) {
            this.shards = defaultShards;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B)this;
        }

        /** This process's id, unique in the cluster; default the transport's, or the next free id of the in-JVM network. */
        public B memberId(final int memberId) {
            this.memberId = memberId;
            return self();
        }

        /** Number of shards (agents, one thread each unless driven by invokers); at least 1. */
        public B shards(final int shards) {
            this.shards = shards;
            return self();
        }

        /** The wall clock of timers, deadlines and {@code GrainContext.clock()}; default the system's. */
        public B clock(final EpochClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return self();
        }

        /** The clock that measures turns and waits; default the system's. */
        public B nanoClock(final NanoClock nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return self();
        }

        /** Timeout of methods without {@code @Timeout}; default {@link #DEFAULT_CALL_TIMEOUT}. */
        public B callTimeout(final Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "timeout");
            return self();
        }

        /** How long {@code close()} waits for in-flight turns and deactivation; default {@link #DEFAULT_CLOSE_TIMEOUT}. */
        public B closeTimeout(final Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return self();
        }

        /**
         * How the threads wait when they have nothing to do: the shards, the transport's duty cycle
         * and its embedded media driver; default {@link IdleProfile#DEFAULT} ({@code BALANCED}). A
         * member's {@code idleStrategy(..)} of its own replaces it for the shards.
         */
        public B idleProfile(final IdleProfile profile) {
            this.idleProfile = Objects.requireNonNull(profile, "idleProfile");
            return self();
        }

        /** Capacity of each shard's inbound queue; default {@link #DEFAULT_SHARD_QUEUE_CAPACITY}. */
        public B shardQueueCapacity(final int capacity) {
            this.shardQueueCapacity = capacity;
            return self();
        }

        /**
         * Where futures of outside callers complete; default {@link io.grain.runtime.callback.CallbackThreads}
         * owned (and closed) by the member or client: completions drained in batches by one thread,
         * with another one taking over while a callback blocks. A {@code CallbackThreads} given here
         * is used the same way (e.g. one with another thread bound); any other executor gets a task
         * per completion; {@code Runnable::run} completes them on the shard thread itself (for
         * callbacks that never block). An executor given here stays the caller's: it is not closed.
         */
        public B callbackExecutor(final Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return self();
        }

        /**
         * Makes a span of every request this process serves, and reads the trace of calls made from
         * its outside threads, through {@code tracer}, e.g. {@code new OpenTelemetryTracer(openTelemetry)}
         * of grain-tracing-opentelemetry. Without one, trace contexts still pass through unchanged.
         */
        public B tracer(final CallTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return self();
        }

        /**
         * Connects through {@code network}, an in-JVM network shared with other members and clients of
         * this JVM; the id is the network's next one unless {@link #memberId} is set. Without a network
         * or a transport, a member starts alone on a network of its own.
         */
        public B network(final InJvmNetwork network) {
            this.network = Objects.requireNonNull(network, "network");
            return self();
        }

        /**
         * Connects through {@code transport} (e.g. an {@code AeronTransport}) and the membership it
         * carries ({@link Transport#membership()}); the id is the transport's. From {@code start()}
         * on (also when it fails) the transport belongs to the member or client, which closes it
         * when it closes; closing it again is harmless but not needed.
         */
        public B transport(final Transport transport) {
            final Membership carried = Objects.requireNonNull(transport, "transport").membership();
            if (carried == null) {
                throw new IllegalArgumentException(transport + " carries no membership; name one with transport(transport, membership)");
            }
            return transport(transport, carried);
        }

        /** Like {@link #transport(Transport)}, with a membership other than the one the transport carries. */
        public B transport(final Transport transport, final Membership membership) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.membership = Objects.requireNonNull(membership, "membership");
            this.memberId = transport.memberId();
            return self();
        }

        /** Whether a callback executor was given (else the member makes and owns one). */
        protected final boolean hasCallbackExecutor() {
            return callbackExecutor != null;
        }

        /** The transport given, or null; the one a failed start closes. */
        protected final Transport givenTransport() {
            return transport;
        }

        /** The in-JVM network given, or null. */
        protected final InJvmNetwork networkGiven() {
            return network;
        }

        /** Checks every setting, alone and against the others, without changing any. */
        void validate() {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1: " + shards);
            }
            requirePositive(callTimeout, "call timeout");
            requirePositive(closeTimeout, "close timeout");
            if (shardQueueCapacity < 2) {
                throw new IllegalArgumentException("shard queue capacity must be at least 2: " + shardQueueCapacity);
            }
            if (transport != null && network != null) {
                throw new IllegalArgumentException("both a transport and an in-JVM network are set; connect through one");
            }
            if (transport != null && transport.memberId() != memberId) {
                throw new IllegalArgumentException("transport belongs to member " + transport.memberId() + ", not " + memberId);
            }
            if (memberId < -1) {
                throw new IllegalArgumentException("memberId must not be negative: " + memberId);
            }
        }

        /**
         * Validates the settings and freezes them into a config, for a member ({@code hostsGrains})
         * or a client. Connects through the transport given, or else opens an endpoint (a member's or
         * a client's) on the given in-JVM network or a new one. The settings are not changed, so a
         * test may conclude them again for another member.
         *
         * @param fallbackExecutor where outside callers' futures complete when no callback executor is set
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        protected final MemberConfig conclude(final boolean hostsGrains, final Executor fallbackExecutor) {
            validate();
            final Executor executor = callbackExecutor != null ? callbackExecutor : fallbackExecutor;
            Objects.requireNonNull(executor, "callbackExecutor");
            if (transport != null) {
                if (transport.hostsGrains() != hostsGrains) {
                    throw new IllegalArgumentException(hostsGrains
                        ? "member " + memberId + " hosts grains, but its transport is a client's (it does not announce"
                            + " itself as hosting): launch the transport in member mode, or call grains through GrainClient"
                        : "a GrainClient hosts no grains, but the transport of member " + memberId + " announces itself as"
                            + " hosting; launch it in client mode (AeronTransport.Context.client(true)) or open it with"
                            + " InJvmNetwork.openClient(id)");
                }
                return new MemberConfig(this, hostSettings(), memberId, transport, membership, executor, hostsGrains);
            }
            final InJvmNetwork net = network != null ? network : new InJvmNetwork();
            final int id = memberId >= 0 ? memberId : net.nextMemberId();
            final Transport endpoint = hostsGrains ? net.open(id) : net.openClient(id);
            return new MemberConfig(this, hostSettings(), id, endpoint, net.membership(), executor, hostsGrains);
        }

        /** The hosting settings, or null for a client. */
        HostSettings<?> hostSettings() {
            return null;
        }
    }

    /**
     * What hosting grains adds to {@link CallerSettings}: the grain kinds and how their activations
     * are collected, long turns reported, state stored and reminders scanned. Not thread safe.
     *
     * @param <B> the concrete builder
     */
    public abstract static class HostSettings<B extends HostSettings<B>> extends CallerSettings<B> {
        final Map<String, KindRegistration> kinds = new LinkedHashMap<>();
        Duration collectionAge = DEFAULT_COLLECTION_AGE;
        Duration collectionSweep = DEFAULT_COLLECTION_SWEEP;
        Duration longTurnThreshold = DEFAULT_LONG_TURN_THRESHOLD;
        LongTurnListener longTurnListener = LongTurnListener.LOGGING;
        Storage storage;
        MemberObserver observer = MemberObserver.NONE;
        Duration reminderMinimumPeriod = DEFAULT_REMINDER_MINIMUM_PERIOD;
        Duration reminderScanInterval = DEFAULT_REMINDER_SCAN_INTERVAL;

        protected HostSettings() {
            super(DEFAULT_SHARDS);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B)this;
        }

        /** Hosts grains of {@code grainInterface}, made by {@code factory} (e.g. {@code PlayerGrain::new}). */
        public <G> B register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory) {
            return register(grainInterface, factory, (Duration)null, Supervision.DEFAULT);
        }

        /** Hosts grains of {@code grainInterface} collected after {@code collectionAge} idle. */
        public <G> B register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Duration collectionAge) {
            return register(grainInterface, factory, collectionAge, Supervision.DEFAULT);
        }

        /**
         * Hosts grains of {@code grainInterface} with per-kind settings, e.g.
         * {@code kind -> kind.supervision(Supervision.DEFAULT.restartOnFailure())}.
         */
        public <G> B register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Consumer<KindOptions> options) {
            final KindOptions kind = new KindOptions();
            Objects.requireNonNull(options, "options").accept(kind);
            return register(grainInterface, factory, kind.collectionAge(), kind.supervision());
        }

        private <G> B register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Duration collectionAge, final Supervision supervision) {
            Objects.requireNonNull(factory, "factory");
            final GrainDispatcher<G> dispatcher = Dispatchers.of(Objects.requireNonNull(grainInterface, "grainInterface"));
            if (collectionAge != null && (collectionAge.isNegative() || collectionAge.isZero())) {
                throw new IllegalArgumentException("collection age of " + dispatcher.kind() + " must be positive: " + collectionAge);
            }
            final KindRegistration previous = kinds.get(dispatcher.kind());
            if (previous != null && previous.dispatcher().grainInterface() != grainInterface) {
                throw new IllegalArgumentException("grain kind '" + dispatcher.kind() + "' is used by both "
                    + previous.dispatcher().grainInterface().getName() + " and " + grainInterface.getName());
            }
            kinds.put(dispatcher.kind(), new KindRegistration(dispatcher, factory, collectionAge == null ? 0 : collectionAge.toMillis(),
                supervision));
            return self();
        }

        /**
         * Hosts a kind of the runtime's own services (the topics of {@code io.grain.runtime.topic})
         * whose dispatcher is written by hand rather than generated from a {@code @Grain} interface.
         * Their kinds start with {@code grain.}, a prefix kept for the runtime's own kinds. A null
         * {@code collectionAge} takes the member's.
         */
        public B registerService(final GrainDispatcher<?> dispatcher, final Function<GrainContext, ?> factory,
            final Duration collectionAge) {
            Objects.requireNonNull(dispatcher, "dispatcher");
            Objects.requireNonNull(factory, "factory");
            if (!dispatcher.kind().startsWith("grain.")) {
                throw new IllegalArgumentException("a runtime service kind starts with 'grain.': " + dispatcher.kind());
            }
            kinds.put(dispatcher.kind(), new KindRegistration(dispatcher, factory, collectionAge == null ? 0 : collectionAge.toMillis(),
                Supervision.DEFAULT));
            return self();
        }

        /** Idle age after which activations are collected; default {@link #DEFAULT_COLLECTION_AGE}. */
        public B collectionAge(final Duration age) {
            this.collectionAge = Objects.requireNonNull(age, "age");
            return self();
        }

        /** Longest interval between two idle-collection sweeps of a shard; default {@link #DEFAULT_COLLECTION_SWEEP}. */
        public B collectionSweep(final Duration sweep) {
            this.collectionSweep = Objects.requireNonNull(sweep, "sweep");
            return self();
        }

        /** Grain code holding a shard longer than this is reported; default {@link #DEFAULT_LONG_TURN_THRESHOLD}. */
        public B longTurnThreshold(final Duration threshold) {
            this.longTurnThreshold = Objects.requireNonNull(threshold, "threshold");
            return self();
        }

        /** Where long turns are reported; default {@link LongTurnListener#LOGGING}. */
        public B longTurnListener(final LongTurnListener listener) {
            this.longTurnListener = Objects.requireNonNull(listener, "listener");
            return self();
        }

        /**
         * Where grain states ({@code GrainContext.state}) and records ({@code records}) are stored,
         * e.g. {@code JdbcStorage.sqlite(path)}; default none. The member does not close a storage
         * it is given: whoever created it closes it, after the member.
         */
        public B storage(final Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return self();
        }

        /**
         * The shortest period a reminder may have; default {@link #DEFAULT_REMINDER_MINIMUM_PERIOD}.
         * Tests on virtual time may lower it; production code rarely should.
         */
        public B reminderMinimumPeriod(final Duration period) {
            this.reminderMinimumPeriod = Objects.requireNonNull(period, "period");
            return self();
        }

        /** How often the member reloads the reminders it owns; default {@link #DEFAULT_REMINDER_SCAN_INTERVAL}. */
        public B reminderScanInterval(final Duration interval) {
            this.reminderScanInterval = Objects.requireNonNull(interval, "interval");
            return self();
        }

        /**
         * Reports the member's calls, turns, activations and storage operations to
         * {@code observer}, e.g. {@code new GrainMeters(meterRegistry)} of grain-metrics-micrometer;
         * one observer per member. Default {@link MemberObserver#NONE} (nothing is measured).
         */
        public B observer(final MemberObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return self();
        }

        @Override
        void validate() {
            super.validate();
            requirePositive(collectionAge, "collection age");
            requirePositive(collectionSweep, "collection sweep");
            requirePositive(reminderMinimumPeriod, "reminder minimum period");
            requirePositive(reminderScanInterval, "reminder scan interval");
            if (longTurnThreshold.isNegative()) {
                throw new IllegalArgumentException("long turn threshold must not be negative: " + longTurnThreshold);
            }
        }

        @Override
        HostSettings<?> hostSettings() {
            return this;
        }
    }

    /**
     * The settings of one hosting member, concluded by {@link #build()} into a config without
     * starting anything: for the test kit, which drives the member's shards itself. Not thread safe.
     */
    public static final class Builder extends HostSettings<Builder> {
        private Builder() {
        }

        /** Validates and freezes; the transport and callback executor must be set. */
        public MemberConfig build() {
            if (givenTransport() == null) {
                throw new IllegalArgumentException("transport must be set");
            }
            return conclude(true, null);
        }

        /** The member id set so far, or -1. */
        public int memberIdValue() {
            return memberId;
        }
    }

    private static void requirePositive(final Duration d, final String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
