package io.grain.runtime;

import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.shard.MemberHealthCheck;
import io.grain.runtime.shard.MemberRuntime;
import io.grain.runtime.shard.ShardAgent;
import io.grain.runtime.storage.RecordSite;
import io.grain.runtime.storage.StoredRecords;
import io.grain.runtime.topic.TopicKinds;
import io.grain.runtime.topic.Topics;
import io.grain.runtime.transport.Transport;
import io.grain.storage.RecordStore;
import io.grain.storage.Storage;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A member: hosts grains on shards (Agrona agents), each on its own {@link AgentRunner} thread
 * waiting as its {@link IdleProfile} says, or driven by the application through
 * {@link AgentInvoker}s (to embed the member in a game loop). A member with one shard may run its
 * transport's duty cycle on the shard's thread too (one composite agent; see
 * {@link Builder#transportOnShard}), so a remote call crosses no thread inside the member.
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

    /** How long {@link #health()} waits for the storage to answer its check. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(GrainMember.class);

    private final MemberRuntime runtime;
    private final AgentRunner[] runners;
    /** The runners' threads, kept from their start (a runner learns its thread only once it runs). */
    private final Thread[] threads;
    private final List<AgentInvoker> invokers;
    private final CallbackThreads ownedCallbacks;
    private final MemberHealthCheck healthCheck;
    private final GrainCluster cluster;
    private boolean closed;

    GrainMember(final MemberRuntime runtime, final Threading threading, final Supplier<IdleStrategy> idle,
        final boolean transportOnShard, final CallbackThreads ownedCallbacks) {
        this.runtime = runtime;
        this.ownedCallbacks = ownedCallbacks;
        final ShardAgent[] shards = runtime.shards();
        final IdleProfile profile = runtime.config().idleProfile();
        runtime.config().transport().idleProfile(profile, runtime::hasCallsOutstanding);
        if (threading == Threading.AGENT_RUNNERS) {
            runners = new AgentRunner[shards.length];
            // one shard: the transport's duty cycle joins it on its thread (as Aeron's driver in SHARED mode)
            final Agent transportCycle = transportOnShard && shards.length == 1
                ? runtime.config().transport().takeDutyCycle() : null;
            for (int i = 0; i < shards.length; i++) {
                final ShardAgent shard = shards[i];
                final IdleStrategy strategy;
                if (idle != null) {
                    strategy = idle.get();
                } else {
                    final ProfileIdleStrategy own = profile.newStrategy(shard::hasCallsOutstanding, shard::hasMessagesWaiting);
                    shard.idleStrategy(own);
                    strategy = own;
                }
                final Agent agent = i == 0 && transportCycle != null ? new CompositeAgent(shard, transportCycle) : shard;
                runners[i] = new AgentRunner(strategy, t -> LOG.error("shard failed", t), null, agent);
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
        this.cluster = new GrainCluster(runtime.config().membership(), runtime.memberId());
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

    /**
     * The live members with the key/value state each publishes, and this member's own keys
     * (docs/MEMBERSHIP.md, "Member state"): {@code cluster().setKey("role", "gateway")}.
     */
    public GrainCluster cluster() {
        return cluster;
    }

    /** Pub/sub topics (docs/TOPICS.md): publish, subscribe grains and outside consumers. */
    public Topics topics() {
        return Topics.of(runtime);
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
     * the membership, closes the transport (the member owns it, see {@link Builder}) and stops the
     * shards. Closing again does nothing. In {@link Threading#INVOKERS} mode the calling thread
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
        if (ownedCallbacks != null) {
            ownedCallbacks.close();
        }
    }

    /**
     * Configures a member. The settings themselves, their defaults (the {@code DEFAULT_*} constants
     * of {@link MemberConfig}) and their checks are those of {@link MemberConfig.HostSettings}, written
     * once there; this builder adds how the shards run and {@link #start()}. Not thread safe.
     *
     * <p>Ownership: the member owns the transport it is given from {@link #start()} on, also when
     * start fails: {@link GrainMember#close()} closes it (a transport closes once; closing it again
     * does nothing). It does not own a storage or a callback executor it is given.
     */
    public static final class Builder extends MemberConfig.HostSettings<Builder> {
        private Threading threading = Threading.AGENT_RUNNERS;
        private Supplier<IdleStrategy> idleStrategy;
        private boolean transportOnShard;

        private Builder() {
        }

        /** How the shards are driven; default {@link Threading#AGENT_RUNNERS}. */
        public Builder threading(final Threading threading) {
            this.threading = Objects.requireNonNull(threading, "threading");
            return this;
        }

        /**
         * Idle strategy of each shard's {@link AgentRunner}, a new one per shard, instead of the
         * {@link #idleProfile(IdleProfile) idle profile}'s (which still applies to the transport).
         * A shard under a strategy of the user's is not woken when work arrives: it finds it when
         * the strategy returns.
         */
        public Builder idleStrategy(final Supplier<IdleStrategy> idleStrategy) {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        /**
         * With one shard and {@link Threading#AGENT_RUNNERS}, run the transport's duty cycle on the
         * shard's thread (one composite agent) when the transport hands it over
         * ({@link Transport#takeDutyCycle()}: Aeron's does), so a remote call crosses no thread
         * inside the member. Default false: a grain turn that holds the shard (slow code, a cold
         * JIT on a loaded host) would then hold the transport too, and heartbeats that stop for the
         * failure timeout get the member declared dead; turn it on for grains whose turns are
         * short. No effect with more shards or with invokers. (A {@code GrainClient}, which runs
         * no grain code, always does it.)
         */
        public Builder transportOnShard(final boolean transportOnShard) {
            this.transportOnShard = transportOnShard;
            return this;
        }

        /**
         * Validates the configuration and starts the member. A configuration error is an
         * {@link IllegalArgumentException} naming the setting; the transport given is closed then too.
         */
        public GrainMember start() {
            TopicKinds.registerOn(this);
            final CallbackThreads owned = hasCallbackExecutor() ? null : new CallbackThreads("grain-callback-");
            return GrainMember.start(() -> conclude(true, owned), givenTransport(), owned, threading, idleStrategy,
                transportOnShard);
        }
    }

    /**
     * Concludes the settings (for a member or a client) and starts the shards. Owns the given
     * transport from here on: closes it (and the owned callback threads) if the start fails.
     */
    static GrainMember start(final Supplier<MemberConfig> conclude, final Transport given, final CallbackThreads owned,
        final Threading threading, final Supplier<IdleStrategy> idle, final boolean transportOnShard) {
        MemberConfig config = null;
        try {
            config = conclude.get();
            return new GrainMember(new MemberRuntime(config), threading, idle, transportOnShard, owned);
        } catch (final RuntimeException | Error ex) {
            if (owned != null) {
                owned.close();
            }
            final Transport transport = config != null ? config.transport() : given;
            if (transport != null) {
                transport.close();
            }
            throw ex;
        }
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
