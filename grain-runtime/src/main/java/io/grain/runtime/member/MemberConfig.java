package io.grain.runtime.member;

import io.grain.runtime.GrainContext;
import io.grain.runtime.KindOptions;
import io.grain.runtime.Supervision;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.membership.Membership;
import io.grain.runtime.observe.CallTracer;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.ObservedStorage;
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
 * Everything a member is made of, validated once by {@link Builder#build()}; immutable. Defaults
 * are the {@code DEFAULT_*} constants.
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

    private final int memberId;
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
    private final Executor callbackExecutor;
    private final Transport transport;
    private final Membership membership;
    private final Storage storage;
    private final long reminderMinimumPeriodMillis;
    private final long reminderScanIntervalMillis;
    private final MemberObserver observer;
    private final CallTracer tracer;

    private MemberConfig(final Builder b) {
        memberId = b.memberId;
        shards = b.shards;
        kinds = indexed(b.kinds);
        clock = b.clock;
        nanoClock = b.nanoClock;
        callTimeoutMillis = b.callTimeout.toMillis();
        collectionAgeMillis = b.collectionAge.toMillis();
        long minAge = collectionAgeMillis;
        for (final KindRegistration k : kinds.values()) {
            if (k.collectionAgeMillis() > 0) {
                minAge = Math.min(minAge, k.collectionAgeMillis());
            }
        }
        collectionSweepMillis = Math.max(TIMER_TICK_MILLIS, Math.min(b.collectionSweep.toMillis(), minAge / 4));
        longTurnThresholdNanos = b.longTurnThreshold.toNanos();
        longTurnListener = b.longTurnListener;
        closeTimeoutNanos = b.closeTimeout.toNanos();
        shardQueueCapacity = b.shardQueueCapacity;
        callbackExecutor = b.callbackExecutor;
        transport = b.transport;
        membership = b.membership;
        observer = b.observer;
        tracer = b.tracer;
        // with an observer, the member reports every storage operation it makes
        storage = b.storage != null && observer != MemberObserver.NONE ? new ObservedStorage(b.storage, observer, nanoClock) : b.storage;
        reminderMinimumPeriodMillis = b.reminderMinimumPeriod.toMillis();
        reminderScanIntervalMillis = b.reminderScanInterval.toMillis();
    }

    public static Builder builder() {
        return new Builder();
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

    public int memberId() {
        return memberId;
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

    /** Where futures of outside callers complete; never a shard thread. */
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

    /** Collects a member's configuration; not thread safe. */
    public static final class Builder {
        private int memberId = -1;
        private int shards = DEFAULT_SHARDS;
        private final Map<String, KindRegistration> kinds = new LinkedHashMap<>();
        private EpochClock clock = SystemEpochClock.INSTANCE;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration collectionAge = DEFAULT_COLLECTION_AGE;
        private Duration collectionSweep = DEFAULT_COLLECTION_SWEEP;
        private Duration longTurnThreshold = DEFAULT_LONG_TURN_THRESHOLD;
        private LongTurnListener longTurnListener = LongTurnListener.LOGGING;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private int shardQueueCapacity = DEFAULT_SHARD_QUEUE_CAPACITY;
        private Executor callbackExecutor;
        private Transport transport;
        private Membership membership;
        private Storage storage;
        private Duration reminderMinimumPeriod = DEFAULT_REMINDER_MINIMUM_PERIOD;
        private Duration reminderScanInterval = DEFAULT_REMINDER_SCAN_INTERVAL;
        private MemberObserver observer = MemberObserver.NONE;
        private CallTracer tracer;

        private Builder() {
        }

        /** Hosts grains of {@code grainInterface}, made by {@code factory}. */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory) {
            return register(grainInterface, factory, (Duration)null);
        }

        /** Hosts grains of {@code grainInterface} with their own collection age. */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Duration collectionAge) {
            return register(grainInterface, factory, collectionAge, Supervision.DEFAULT);
        }

        /** Hosts grains of {@code grainInterface} with the settings {@code options} makes (collection age, supervision). */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Consumer<KindOptions> options) {
            final KindOptions kind = new KindOptions();
            Objects.requireNonNull(options, "options").accept(kind);
            return register(grainInterface, factory, kind.collectionAge(), kind.supervision());
        }

        private <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
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
            return this;
        }

        public Builder memberId(final int memberId) {
            this.memberId = memberId;
            return this;
        }

        public Builder shards(final int shards) {
            this.shards = shards;
            return this;
        }

        public Builder clock(final EpochClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder nanoClock(final NanoClock nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public Builder callTimeout(final Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder collectionAge(final Duration age) {
            this.collectionAge = Objects.requireNonNull(age, "age");
            return this;
        }

        public Builder collectionSweep(final Duration sweep) {
            this.collectionSweep = Objects.requireNonNull(sweep, "sweep");
            return this;
        }

        public Builder longTurnThreshold(final Duration threshold) {
            this.longTurnThreshold = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        public Builder longTurnListener(final LongTurnListener listener) {
            this.longTurnListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder closeTimeout(final Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder shardQueueCapacity(final int capacity) {
            this.shardQueueCapacity = capacity;
            return this;
        }

        public Builder callbackExecutor(final Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Builder transport(final Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder membership(final Membership membership) {
            this.membership = Objects.requireNonNull(membership, "membership");
            return this;
        }

        /** Where grain states and records are stored; default none. The member does not close it. */
        public Builder storage(final Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The shortest period a reminder may have; default {@link #DEFAULT_REMINDER_MINIMUM_PERIOD}.
         * Tests on virtual time may lower it; production code rarely should.
         */
        public Builder reminderMinimumPeriod(final Duration period) {
            this.reminderMinimumPeriod = Objects.requireNonNull(period, "period");
            return this;
        }

        /** How often the member reloads the reminders it owns; default {@link #DEFAULT_REMINDER_SCAN_INTERVAL}. */
        public Builder reminderScanInterval(final Duration interval) {
            this.reminderScanInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** What the member reports its work to, e.g. Micrometer meters; default {@link MemberObserver#NONE}. */
        public Builder observer(final MemberObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** The tracer of the requests the member serves, e.g. an OpenTelemetry adapter; default none. */
        public Builder tracer(final CallTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /** Whether a transport and membership were set. */
        public boolean hasNetwork() {
            return transport != null && membership != null;
        }

        public int memberIdValue() {
            return memberId;
        }

        /** Validates and freezes. */
        public MemberConfig build() {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1: " + shards);
            }
            if (memberId < 0) {
                throw new IllegalArgumentException("memberId must be set and not negative: " + memberId);
            }
            requirePositive(callTimeout, "call timeout");
            requirePositive(collectionAge, "collection age");
            requirePositive(collectionSweep, "collection sweep");
            requirePositive(closeTimeout, "close timeout");
            requirePositive(reminderMinimumPeriod, "reminder minimum period");
            requirePositive(reminderScanInterval, "reminder scan interval");
            if (longTurnThreshold.isNegative()) {
                throw new IllegalArgumentException("long turn threshold must not be negative: " + longTurnThreshold);
            }
            if (shardQueueCapacity < 2) {
                throw new IllegalArgumentException("shard queue capacity must be at least 2: " + shardQueueCapacity);
            }
            Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(membership, "membership");
            if (transport.memberId() != memberId) {
                throw new IllegalArgumentException("transport belongs to member " + transport.memberId() + ", not " + memberId);
            }
            return new MemberConfig(this);
        }

        private static void requirePositive(final Duration d, final String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
        }
    }
}
