package io.grain.testing;

import io.grain.runtime.EveryMember;
import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.KindOptions;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.callback.CallbackThreads;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.member.Dispatchers;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.shard.MemberRuntime;
import io.grain.runtime.shard.ShardAgent;
import io.grain.runtime.storage.RecordSite;
import io.grain.runtime.storage.StoredRecords;
import io.grain.runtime.topic.TopicKinds;
import io.grain.runtime.topic.Topics;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import io.grain.storage.InMemoryStorage;
import io.grain.storage.RecordStore;
import io.grain.storage.Storage;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Several members in one JVM for tests: every shard of every member is driven through an
 * {@link AgentInvoker} by the cluster's one driver thread, on a virtual clock that moves only when
 * the test calls {@link #advance(Duration)}. Members are numbered from 0 and exchange encoded
 * envelopes through an {@link InJvmNetwork}, exactly as they will over the network.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder().members(3)
 *         .register(Player.class, PlayerGrain::new).start()) {
 *     Player p = cluster.grains().get(Player.class, "p1");
 *     p.addScore(10).join();                       // the test thread may simply join
 *     cluster.advance(Duration.ofMinutes(20));      // timers fire, idle grains deactivate
 *     cluster.kill(1);                              // member 1 crashes; its grains come back elsewhere
 * }
 * }</pre>
 *
 * <p>Storage: every member stores grain states and records in one {@link Storage}, by default a
 * new {@link InMemoryStorage} of this cluster's own (closed with the cluster); it outlives
 * {@link #kill(int)} and serves members added later, so a grain that comes back elsewhere finds
 * its state. A storage given to {@link Builder#storage} is not closed by the cluster.
 *
 * <p>Determinism: the driver runs members in order 0..n and their shards in order, so a test that
 * waits for each call (join, or {@link #settle()}) gets the same interleaving on every run.
 * Futures of the test's calls complete on a callback thread, never on the driver.
 *
 * <p>Thread safety: every method may be called from any thread but the driver (a grain must not
 * call {@code advance}); methods that change the cluster wait until the driver has done it.
 */
public final class TestCluster implements AutoCloseable {
    /** Shards per member unless configured: two, so calls also cross shards. */
    public static final int DEFAULT_SHARDS_PER_MEMBER = 2;
    /** Virtual time at start, in epoch milliseconds (2024-01-01T00:00:00Z). */
    public static final long DEFAULT_START_MILLIS = 1_704_067_200_000L;
    /** Duty cycles after which {@link #settle()} gives up on a cluster that never goes quiet. */
    public static final int MAX_SETTLE_CYCLES = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

    private final Builder builder;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final InJvmNetwork network;
    private final CallbackThreads callbacks;
    private final List<MemberRuntime> members = new CopyOnWriteArrayList<>();
    private final List<AgentInvoker[]> invokers = new CopyOnWriteArrayList<>();
    private final List<Boolean> alive = new CopyOnWriteArrayList<>();
    /** Each member's view of the cluster and its own keys (GrainMember.cluster()). */
    private final List<io.grain.runtime.GrainCluster> clusters = new CopyOnWriteArrayList<>();
    private final ManyToOneConcurrentArrayQueue<Runnable> commands = new ManyToOneConcurrentArrayQueue<>(1024);
    private final Thread driver;
    private final GrainFactory grains;
    private final CallInvoker liveInvoker;
    private final Storage storage;
    private final boolean ownsStorage;
    private volatile boolean running = true;
    /** The first failure on the driver thread (a shard's duty cycle threw); rethrown to the test by every command. */
    private volatile Throwable driverFailure;

    private TestCluster(final Builder builder) {
        this.builder = builder;
        this.network = new InJvmNetwork(1 << 22, builder.maxMessageSize);
        this.ownsStorage = builder.storage == null;
        this.storage = ownsStorage ? new InMemoryStorage() : builder.storage;
        clock.update(builder.startMillis);
        callbacks = new CallbackThreads("grain-test-callback-");
        try {
            addMemberNow();
        } catch (final RuntimeException e) {
            // a refused configure(..) fails before the first member starts: nothing else runs yet
            callbacks.close();
            throw e;
        }
        for (int i = 1; i < builder.members; i++) {
            addMemberNow();
        }
        liveInvoker = new LiveMemberInvoker();
        grains = new io.grain.runtime.member.MemberGrainFactory(liveInvoker);
        driver = new Thread(this::drive, "grain-test-cluster");
        driver.setDaemon(true);
        driver.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients whose calls enter the cluster through the lowest-numbered live member. */
    public GrainFactory grains() {
        return grains;
    }

    /** Clients whose calls enter through member {@code i}. */
    public GrainFactory grains(final int i) {
        return members.get(i).grains();
    }

    /** Where the members store grain states and records: the one given to the builder, else this cluster's InMemoryStorage. */
    public Storage storage() {
        return storage;
    }

    /**
     * The rows of the table of {@code type} (a {@code @Stored} record with a key), read and written
     * by the test directly; futures complete where the storage completes them (an
     * {@link InMemoryStorage}: at once, on the calling thread, unless held).
     */
    public <T> RecordStore<T> records(final Class<T> type) {
        return records(StoredTypes.of(type));
    }

    /** Like {@link #records(Class)}, with the stored type given. */
    public <T> RecordStore<T> records(final StoredType<T> type) {
        return new StoredRecords<>(storage, type, RecordSite.anyThread(liveInvoker));
    }

    /** Every-member calls made through the lowest-numbered live member. */
    public EveryMember everyMember() {
        for (int i = 0; i < members.size(); i++) {
            if (alive.get(i)) {
                return members.get(i).everyMember();
            }
        }
        throw new IllegalStateException("no member of the test cluster is alive");
    }

    /** Every-member calls made through member {@code i}. */
    public EveryMember everyMember(final int i) {
        return members.get(i).everyMember();
    }

    /** Members ever started, dead ones included. */
    public int size() {
        return members.size();
    }

    public boolean isAlive(final int i) {
        return alive.get(i);
    }

    /** The virtual clock. */
    /**
     * The member that hosts grain {@code id} now: its placement over the live members, or
     * {@link io.grain.runtime.placement.RendezvousPlacement#NO_MEMBER} when none is alive. Lets a test
     * crash exactly the member under a grain. (A {@code @StatelessWorker} runs on each calling member.)
     */
    public int ownerOf(final io.grain.runtime.GrainId id) {
        return io.grain.runtime.placement.RendezvousPlacement.owner(id, network.membership().view());
    }

    /**
     * The member that hosts the grain {@code grains().get(grainInterface, key)} addresses, as
     * {@link #ownerOf(io.grain.runtime.GrainId)}.
     *
     * @throws IllegalArgumentException when the interface declares another key type.
     */
    public int ownerOf(final Class<?> grainInterface, final String key) {
        return ownerOf(idOf(grainInterface, GrainId.KeyType.STRING, kind -> GrainId.of(kind, key)));
    }

    /** As {@link #ownerOf(Class, String)} for a {@code long} key. */
    public int ownerOf(final Class<?> grainInterface, final long key) {
        return ownerOf(idOf(grainInterface, GrainId.KeyType.LONG, kind -> GrainId.of(kind, key)));
    }

    /** As {@link #ownerOf(Class, String)} for a {@code UUID} key. */
    public int ownerOf(final Class<?> grainInterface, final java.util.UUID key) {
        return ownerOf(idOf(grainInterface, GrainId.KeyType.UUID, kind -> GrainId.of(kind, key)));
    }

    private static GrainId idOf(final Class<?> grainInterface, final GrainId.KeyType keyType,
        final Function<String, GrainId> ofKind) {
        final io.grain.runtime.dispatch.GrainDispatcher<?> d = Dispatchers.of(grainInterface);
        io.grain.runtime.dispatch.GrainKeys.check(d, keyType);
        return ofKind.apply(d.kind());
    }

    public Clock clock() {
        return members.get(0).clock();
    }

    public long nowMillis() {
        return clock.time();
    }

    /**
     * Moves virtual time forward by {@code duration}, firing every timer that falls due on the way
     * in deadline order (call timeouts, grain timers, idle collection), and returns when the
     * cluster is quiet at the new time.
     */
    public void advance(final Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        onDriver(() -> {
            final long target = clock.time() + duration.toMillis();
            settleNow();
            while (true) {
                long next = Long.MAX_VALUE;
                for (int i = 0; i < members.size(); i++) {
                    if (alive.get(i)) {
                        for (final ShardAgent shard : members.get(i).shards()) {
                            next = Math.min(next, shard.nextDeadline());
                        }
                    }
                }
                if (next > target) {
                    break;
                }
                clock.update(Math.max(next, clock.time()));
                settleNow();
                if (next <= clock.time() && nextDueUnchanged(next)) {
                    clock.update(clock.time() + 1);
                    settleNow();
                }
            }
            clock.update(target);
            settleNow();
            return null;
        });
    }

    private boolean nextDueUnchanged(final long previous) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < members.size(); i++) {
            if (alive.get(i)) {
                for (final ShardAgent shard : members.get(i).shards()) {
                    next = Math.min(next, shard.nextDeadline());
                }
            }
        }
        return next == previous;
    }

    /** Runs every member until nothing is left to do at the current virtual time. */
    public void settle() {
        onDriver(() -> {
            settleNow();
            return null;
        });
    }

    /** Crashes member {@code i}: no hooks run, its messages are lost, the others see it vanish. */
    public void kill(final int i) {
        onDriver(() -> {
            if (!alive.get(i)) {
                throw new IllegalStateException("member " + i + " is already dead");
            }
            alive.set(i, false);
            members.get(i).crash();
            settleNow();
            return null;
        });
    }

    /**
     * The cluster as member {@code i} sees it, and its own keys: what {@code GrainMember.cluster()}
     * is for a member (docs/MEMBERSHIP.md, "Member state"). In one JVM a key set is at once seen
     * by every member; a member's state is gone once it is killed or closed.
     */
    public io.grain.runtime.GrainCluster cluster(final int i) {
        return clusters.get(i);
    }

    /** The topics of member {@code i} (docs/TOPICS.md); outside consumers subscribed here live on that member. */
    public Topics topics(final int i) {
        return Topics.of(members.get(i));
    }

    /** Starts a new member, which joins the cluster; returns its number. */
    public int addMember() {
        return onDriver(() -> {
            final int id = addMemberNow();
            settleNow();
            return id;
        });
    }

    /** Activations hosted by member {@code i} now. */
    public int activationCount(final int i) {
        return onDriver(() -> {
            int count = 0;
            for (final ShardAgent shard : members.get(i).shards()) {
                count += shard.activationCount();
            }
            return count;
        });
    }

    /** Reminders member {@code i} ticks now: those of the grains it owns, loaded from storage (docs/REMINDERS.md). */
    public int reminderCount(final int i) {
        return onDriver(() -> {
            int count = 0;
            for (final ShardAgent shard : members.get(i).shards()) {
                count += shard.reminderCount();
            }
            return count;
        });
    }

    /** The counters of member {@code i} (calls, call errors, activations); they stay readable after a kill. */
    public MemberCounters counters(final int i) {
        return members.get(i).counters();
    }

    /** Activations in the whole cluster now. */
    public int activationCount() {
        return onDriver(() -> {
            int count = 0;
            for (int m = 0; m < members.size(); m++) {
                if (alive.get(m)) {
                    for (final ShardAgent shard : members.get(m).shards()) {
                        count += shard.activationCount();
                    }
                }
            }
            return count;
        });
    }

    /**
     * Closes every live member gracefully (deactivation hooks run), then stops the driver; throws
     * {@link IllegalStateException} afterwards if the driver thread failed during the test (as
     * {@link #settle()}, {@link #advance(Duration)} and every other command do).
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            onDriver(() -> {
                for (int i = 0; i < members.size(); i++) {
                    if (alive.get(i)) {
                        members.get(i).beginClose();
                    }
                }
                for (int cycle = 0; cycle < MAX_SETTLE_CYCLES && !allClosed(); cycle++) {
                    runOnce();
                }
                for (int i = 0; i < members.size(); i++) {
                    if (alive.get(i)) {
                        alive.set(i, false);
                        for (final AgentInvoker invoker : invokers.get(i)) {
                            invoker.close();
                        }
                        members.get(i).finishClose();
                    }
                }
                return null;
            });
        } finally {
            running = false;
            try {
                driver.join(TimeUnit.SECONDS.toMillis(10));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callbacks.close();
            if (ownsStorage) {
                storage.close();
            }
        }
    }

    /**
     * The cluster owns each member's identity, clock, threads, network and storage: a member with
     * its own clock leaves virtual time, one with its own transport or membership is cut off from
     * the others. {@link Builder#configure} may change the rest only; this names what it changed.
     */
    private void refuseClusterSettings(final MemberConfig built, final Transport transport) {
        final String changed;
        if (built.shards() != builder.shards) {
            changed = "shards (use TestCluster.builder().shardsPerMember(n))";
        } else if (built.clock() != clock) {
            changed = "clock (the cluster's virtual clock drives every member; move time with advance(..))";
        } else if (built.callbackExecutor() != callbacks) {
            changed = "callbackExecutor (the cluster's callback threads complete the test thread's futures)";
        } else if (built.transport() != transport) {
            changed = "transport (members talk over the cluster's in-JVM network)";
        } else if (built.membership() != network.membership()) {
            changed = "membership (the cluster tracks which members are alive)";
        } else if (built.storage() != storage) {
            changed = "storage (use TestCluster.builder().storage(..))";
        } else {
            return;
        }
        throw refused(changed);
    }

    private static IllegalStateException refused(final String changed) {
        return new IllegalStateException("TestCluster.Builder.configure(..) changed the member's " + changed
            + "; configure may set only timeouts, collection ages, long-turn and reminder settings");
    }

    private boolean allClosed() {
        for (int i = 0; i < members.size(); i++) {
            if (alive.get(i) && !members.get(i).shardsClosed()) {
                return false;
            }
        }
        return true;
    }

    // ---- driver ----------------------------------------------------------------------------------

    private int addMemberNow() {
        final int id = members.size();
        final Transport transport = network.open(id);
        final MemberConfig.Builder config = MemberConfig.builder()
            .transport(transport, network.membership())
            .shards(builder.shards)
            .clock(clock)
            .callbackExecutor(callbacks)
            .storage(storage);
        TopicKinds.registerOn(config);
        for (final Registration<?> r : builder.registrations) {
            r.applyTo(config);
        }
        if (builder.callTimeout != null) {
            config.callTimeout(builder.callTimeout);
        }
        if (builder.collectionAge != null) {
            config.collectionAge(builder.collectionAge);
        }
        if (builder.longTurnThreshold != null) {
            config.longTurnThreshold(builder.longTurnThreshold);
        }
        if (builder.configurer != null) {
            builder.configurer.accept(config);
        }
        if (builder.configurer != null && config.memberIdValue() != id) {
            throw refused("memberId (members are numbered by the cluster)");
        }
        final MemberConfig built = config.build();
        if (builder.configurer != null) {
            refuseClusterSettings(built, transport);
        }
        final MemberRuntime runtime = new MemberRuntime(built);
        final ShardAgent[] shards = runtime.shards();
        final AgentInvoker[] memberInvokers = new AgentInvoker[shards.length];
        for (int s = 0; s < shards.length; s++) {
            memberInvokers[s] = new AgentInvoker(t -> recordDriverFailure("shard failed", t), null, shards[s]);
            memberInvokers[s].start();
        }
        members.add(runtime);
        invokers.add(memberInvokers);
        alive.add(true);
        clusters.add(new io.grain.runtime.GrainCluster(network.membership(), id));
        runtime.start();
        return id;
    }

    private void drive() {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        while (running) {
            final Runnable command = commands.poll();
            if (command != null) {
                command.run();
                continue;
            }
            try {
                idle.idle(runOnce());
            } catch (final Throwable t) {
                recordDriverFailure("test cluster driver failed", t);
            }
        }
    }

    /** On the driver thread: logs {@code t} and keeps the first failure, so the test's next command fails with it. */
    private void recordDriverFailure(final String what, final Throwable t) {
        LOG.error(what, t);
        if (driverFailure == null) {
            driverFailure = t;
        }
    }

    /**
     * Fails the calling test if the driver thread failed: a shard that threw out of its duty cycle
     * is a bug in the runtime (or in code it trusts), which a test must not pass over.
     */
    private void rethrowDriverFailure() {
        final Throwable failure = driverFailure;
        if (failure != null) {
            throw new IllegalStateException("the test cluster's driver thread failed: " + failure, failure);
        }
    }

    private int runOnce() {
        int work = 0;
        for (int i = 0; i < members.size(); i++) {
            if (alive.get(i)) {
                for (final AgentInvoker invoker : invokers.get(i)) {
                    work += invoker.invoke();
                }
            }
        }
        return work;
    }

    private void settleNow() {
        for (int cycle = 0; cycle < MAX_SETTLE_CYCLES; cycle++) {
            if (runOnce() == 0 && runOnce() == 0) {
                return;
            }
        }
        throw new IllegalStateException("the cluster did not go quiet after " + MAX_SETTLE_CYCLES
            + " duty cycles; do grains call each other in an endless loop?");
    }

    private <T> T onDriver(final Callable<T> action) {
        if (Thread.currentThread() == driver) {
            throw new IllegalStateException("TestCluster methods cannot be called from grain code or the driver thread");
        }
        if (!running) {
            throw new IllegalStateException("the test cluster is closed");
        }
        final CompletableFuture<T> done = new CompletableFuture<>();
        final Runnable command = () -> {
            try {
                done.complete(action.call());
            } catch (final Throwable t) {
                done.completeExceptionally(t);
            }
        };
        while (!commands.offer(command)) {
            Thread.yield();
        }
        final T result;
        try {
            result = done.join();
        } catch (final CompletionException e) {
            rethrowDriverFailure();
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException)e.getCause();
            }
            throw e;
        }
        rethrowDriverFailure();
        return result;
    }

    /** Sends each call through the lowest-numbered live member. */
    private final class LiveMemberInvoker implements CallInvoker {
        @Override
        public OutboundCall begin(final GrainId target, final GrainMethod method) {
            for (int i = 0; i < members.size(); i++) {
                if (alive.get(i)) {
                    return members.get(i).invoker().begin(target, method);
                }
            }
            return members.get(0).invoker().begin(target, method);
        }
    }

    /** Configures a {@link TestCluster}; not thread safe. */
    public static final class Builder {
        private int members = 1;
        private int shards = DEFAULT_SHARDS_PER_MEMBER;
        private long startMillis = DEFAULT_START_MILLIS;
        private final List<Registration<?>> registrations = new ArrayList<>();
        private Consumer<MemberConfig.Builder> configurer;
        private Duration callTimeout;
        private Duration collectionAge;
        private Duration longTurnThreshold;
        private Storage storage;
        private int maxMessageSize = io.grain.runtime.transport.Transport.DEFAULT_MAX_MESSAGE_SIZE;

        private Builder() {
        }

        /** How many members start (numbered from 0); default 1. */
        public Builder members(final int members) {
            if (members < 1) {
                throw new IllegalArgumentException("a cluster needs at least one member: " + members);
            }
            this.members = members;
            return this;
        }

        public Builder shardsPerMember(final int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1: " + shards);
            }
            this.shards = shards;
            return this;
        }

        public Builder startMillis(final long startMillis) {
            this.startMillis = startMillis;
            return this;
        }

        /** Every member hosts {@code grainInterface}, made by {@code factory}. */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory) {
            return register(grainInterface, factory, (Duration)null);
        }

        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Duration collectionAge) {
            return register(grainInterface, factory, kind -> {
                if (collectionAge != null) {
                    kind.collectionAge(collectionAge);
                }
            });
        }

        /** Every member hosts {@code grainInterface} with per-kind settings (collection age, supervision). */
        public <G> Builder register(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Consumer<KindOptions> options) {
            Dispatchers.of(Objects.requireNonNull(grainInterface, "grainInterface"));
            // the options are applied once here, so a bad setting fails at registration
            final KindOptions kind = new KindOptions();
            Objects.requireNonNull(options, "options").accept(kind);
            registrations.add(new Registration<>(grainInterface, Objects.requireNonNull(factory, "factory"), options));
            return this;
        }

        /**
         * Every activation of {@code grainInterface} is {@code stub}: typically a generated
         * {@code PlayerStub}, programmed by the test, in place of the implementation.
         */
        public <G> Builder registerStub(final Class<G> grainInterface, final G stub) {
            Objects.requireNonNull(stub, "stub");
            return register(grainInterface, context -> stub);
        }

        /**
         * Where every member stores grain states and records; default a new {@link InMemoryStorage}
         * per cluster. Two clusters given one storage see each other's writes (two activations of
         * one grain, as after a partition). The cluster does not close a storage it is given.
         */
        public Builder storage(final Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * Largest message (one encoded call or reply) between members, in bytes; default
         * {@link io.grain.runtime.transport.Transport#DEFAULT_MAX_MESSAGE_SIZE} (16 MiB), as over Aeron.
         * A larger call fails, and a larger reply becomes an error reply, naming the size and the maximum.
         */
        public Builder maxMessageSize(final int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Every member's call timeout (default {@code MemberConfig}'s 30 s). */
        public Builder callTimeout(final Duration timeout) {
            this.callTimeout = java.util.Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Every member's idle time before a grain deactivates (default {@code MemberConfig}'s 15 min). */
        public Builder collectionAge(final Duration age) {
            this.collectionAge = java.util.Objects.requireNonNull(age, "age");
            return this;
        }

        /** Every member's threshold above which a turn is reported as long. */
        public Builder longTurnThreshold(final Duration threshold) {
            this.longTurnThreshold = java.util.Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * Further member settings (timeouts, collection ages, long-turn and reminder settings), applied
         * to every member after the settings above. The cluster owns the rest: a configurer that sets
         * the member id, shards, clock, callback executor, transport, membership or storage makes
         * {@link #start()} throw {@link IllegalStateException} naming the setting, since any of them
         * would take the member out of virtual time or off the cluster's network.
         */
        public Builder configure(final Consumer<MemberConfig.Builder> configurer) {
            this.configurer = configurer;
            return this;
        }

        public TestCluster start() {
            return new TestCluster(this);
        }
    }

    private static final class Registration<G> {
        final Class<G> grainInterface;
        final Function<GrainContext, ? extends G> factory;
        final Consumer<KindOptions> options;

        Registration(final Class<G> grainInterface, final Function<GrainContext, ? extends G> factory,
            final Consumer<KindOptions> options) {
            this.grainInterface = grainInterface;
            this.factory = factory;
            this.options = options;
        }

        void applyTo(final MemberConfig.Builder config) {
            config.register(grainInterface, factory, options);
        }
    }
}
