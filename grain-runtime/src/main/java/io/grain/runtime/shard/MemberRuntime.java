package io.grain.runtime.shard;

import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopePool;
import io.grain.runtime.member.EpochClockAdapter;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.member.MemberGrainFactory;
import io.grain.runtime.observe.ObservedKind;
import io.grain.runtime.observe.ObservedMember;
import io.grain.runtime.placement.RendezvousPlacement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The parts of one member that its shards share: configuration, the shards themselves, the
 * envelope pool, the call invoker and grain factory, and the member's run state. Internal: users
 * see {@code GrainMember} and {@code TestCluster}, which drive the shards (as {@code AgentRunner}s
 * or {@code AgentInvoker}s).
 *
 * <p>Thread safety: the state and the offer of outside calls are thread safe;
 * {@link #finishClose()} and {@link #crash()} must be called when no shard is running concurrently
 * (after the agents stopped, or from the one thread that drives them).
 */
public final class MemberRuntime {
    public static final int RUNNING = 0;
    public static final int CLOSING = 1;
    public static final int CLOSED = 2;
    public static final int CRASHED = 3;

    private final MemberConfig config;
    private final ShardAgent[] shards;
    private final EnvelopePool pool = new EnvelopePool(EnvelopePool.DEFAULT_CAPACITY);
    private final MemberInvoker invoker;
    private final MemberGrainFactory grains;
    private final EveryMemberCalls everyMember;
    private final Clock clock;
    private final MemberCounters counters;
    private final Set<String> workerKinds = new HashSet<>();
    private final AtomicLong outsideChains = new AtomicLong();
    private final ConcurrentHashMap<Class<?>, Object> services = new ConcurrentHashMap<>();
    private volatile int state = RUNNING;

    public MemberRuntime(final MemberConfig config) {
        this.config = config;
        this.clock = new EpochClockAdapter(config.clock());
        for (final KindRegistration k : config.kinds().values()) {
            if (k.statelessWorkerMax() > 0) {
                workerKinds.add(k.kind());
            }
        }
        this.counters = new MemberCounters(config.shards());
        config.transport().runtimeCounters(counters);
        this.invoker = new MemberInvoker(this);
        this.grains = new MemberGrainFactory(this::callerInvoker);
        this.everyMember = new EveryMemberCalls(this);
        this.shards = new ShardAgent[config.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new ShardAgent(this, i);
        }
        final List<ObservedKind> kinds = new ArrayList<>();
        for (final KindRegistration k : config.kinds().values()) {
            kinds.add(k.observed());
        }
        // a transport with a thread of its own hands each message straight to its shard; one
        // without is polled by shard 0
        if (config.transport().deliverTo(EnvelopeReceiver.direct(this))) {
            shards[0].stopPolling();
        }
        final ShardAgent[] all = shards;
        config.observer().onStart(new ObservedMember(config.memberId(), all.length, kinds, counters, s -> all[s].queueDepth()));
    }

    /** Joins the membership (a member; a client never joins): from now on placement may put grains here. */
    public void start() {
        if (config.hostsGrains()) {
            config.membership().join(config.memberId());
        }
    }

    public MemberConfig config() {
        return config;
    }

    public int memberId() {
        return config.memberId();
    }

    public ShardAgent[] shards() {
        return shards;
    }

    public ShardAgent shard(final int index) {
        return shards[index];
    }

    /** True when a shard of this member waits for replies (as of its last duty cycle). Any thread. */
    public boolean hasCallsOutstanding() {
        for (final ShardAgent shard : shards) {
            if (shard.publishedCallsOutstanding()) {
                return true;
            }
        }
        return false;
    }

    /** The shard of this member that hosts {@code id}. */
    public ShardAgent shardFor(final GrainId id) {
        return shards[RendezvousPlacement.shard(id, shards.length)];
    }

    /**
     * Fills in what every call begins with, wherever it is made: its type, target and method, this
     * member as the caller, and its placement, computed once from one hash of the target: the owner
     * in the current membership view, and the target's shard on this member (where the call runs
     * when the owner is this member, and an outside call's home shard; a request that arrives from
     * another member is given its shard there). Nothing after this hashes the target to route it.
     */
    public void place(final Envelope call, final GrainId target, final GrainMethod method) {
        call.type = method.oneWay() ? Envelope.ONE_WAY : Envelope.REQUEST;
        call.target = target;
        call.method = method;
        call.methodId = method.id();
        call.callerMember = config.memberId();
        final long hash = RendezvousPlacement.hash(target);
        final int owner = isWorkerKind(target.kind())
            ? config.memberId()
            : RendezvousPlacement.ownerOfHash(hash, config.membership().view());
        call.targetMember = owner;
        call.targetShard = RendezvousPlacement.shardOfHash(hash, shards.length);
        call.byReference = owner == config.memberId();
    }

    /** Calls, call errors and activations, counted by the shards. */
    public MemberCounters counters() {
        return counters;
    }

    public EnvelopePool pool() {
        return pool;
    }

    public CallInvoker invoker() {
        return invoker;
    }

    /**
     * The invoker for a client made now on the calling thread: the shard's when this member's grain
     * code makes it (one ThreadLocal lookup per client, none per call), else the member's.
     */
    private CallInvoker callerInvoker() {
        final ShardAgent shard = ShardAgent.current();
        return shard != null && shard.member() == this ? shard.invoker() : invoker;
    }

    public GrainFactory grains() {
        return grains;
    }

    /** Calls to a grain on every live member. */
    public EveryMemberCalls everyMember() {
        return everyMember;
    }

    /**
     * The member's one instance of a runtime service built on top of it (its topics), made by
     * {@code create} on first use; lets such a service live in its own package without this one
     * knowing it. Thread safe.
     */
    public <S> S service(final Class<S> type, final Function<MemberRuntime, ? extends S> create) {
        return type.cast(services.computeIfAbsent(type, t -> create.apply(this)));
    }

    public MemberGrainFactory grainFactory() {
        return grains;
    }

    public Clock clock() {
        return clock;
    }

    /** A stateless worker kind registered here: its calls stay on this member. */
    public boolean isWorkerKind(final String kind) {
        return !workerKinds.isEmpty() && workerKinds.contains(kind);
    }

    public int state() {
        return state;
    }

    public boolean acceptsCalls() {
        return state == RUNNING;
    }

    /** A fresh call chain for a call from an outside thread. */
    public long nextOutsideChain() {
        return ((long)(config.memberId() + 1) << 48) | outsideChains.incrementAndGet();
    }

    /**
     * Hands a call from an outside thread to its home shard (the target's shard), which registers
     * the pending call and routes it. Waits (yielding) while the shard's queue is full.
     */
    public void offerOutside(final Envelope call) {
        final ShardAgent home = shards[call.targetShard];
        while (!home.offer(call)) {
            if (state != RUNNING) {
                failOutside(call);
                return;
            }
            Thread.yield();
        }
    }

    private void failOutside(final Envelope call) {
        if (call.outsideFuture != null) {
            final var future = call.outsideFuture;
            config.callbackExecutor().execute(() -> future.completeExceptionally(unavailable()));
        }
        pool.release(call);
    }

    /** Why a call could not be taken in the current state. */
    public GrainUnavailableException unavailable() {
        switch (state) {
            case CLOSING: return new GrainUnavailableException("member " + memberId() + " is closing and takes no new calls");
            case CLOSED: return new GrainUnavailableException("member " + memberId() + " is closed");
            case CRASHED: return new GrainUnavailableException("member " + memberId() + " crashed");
            default: return new GrainUnavailableException("member " + memberId() + " is not available");
        }
    }

    /** Stops taking calls; shards finish in-flight turns and deactivate everything. */
    public void beginClose() {
        if (state == RUNNING) {
            state = CLOSING;
        }
    }

    /** True when every shard has deactivated all its activations (or gave up after the timeout). */
    public boolean shardsClosed() {
        for (final ShardAgent shard : shards) {
            if (!shard.isClosed()) {
                return false;
            }
        }
        return true;
    }

    /** Leaves the membership, fails every call still waiting, closes the transport. */
    public void finishClose() {
        if (state == CLOSED || state == CRASHED) {
            return;
        }
        state = CLOSED;
        config.membership().leave(memberId());
        for (final ShardAgent shard : shards) {
            shard.failAllPending(this::unavailable, true);
        }
        config.transport().close();
    }

    /**
     * A crash: no hooks run, messages in flight are lost, other members see the member vanish.
     * Outside callers waiting on this member's shards get their futures failed (their connection
     * dropped).
     */
    public void crash() {
        if (state == CLOSED || state == CRASHED) {
            return;
        }
        state = CRASHED;
        config.membership().crash(memberId());
        config.transport().close();
        for (final ShardAgent shard : shards) {
            shard.failAllPending(this::unavailable, false);
        }
    }
}
