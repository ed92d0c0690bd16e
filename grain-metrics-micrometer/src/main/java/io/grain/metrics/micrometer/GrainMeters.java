package io.grain.metrics.micrometer;

import io.grain.runtime.MemberCounters;
import io.grain.runtime.observe.MemberObserver;
import io.grain.runtime.observe.ObservedKind;
import io.grain.runtime.observe.ObservedMember;
import io.grain.runtime.observe.StorageOperation;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * A member's work as Micrometer meters (every meter, its tags and meaning: docs/OPERATIONS.md):
 * give one to each member, {@code GrainMember.builder().observer(new GrainMeters(registry))}.
 * Every meter is created once, when the member starts, and kept in arrays indexed by the kind,
 * method and operation indexes the runtime resolved at registration; a report is an array read and
 * the meter's own update, with no tag lookup and no allocation. The member's
 * {@link MemberCounters} are read by function counters at scrape time, never copied.
 *
 * <p>Every meter carries the tag {@code member} (the member id), so several members may share one
 * registry.
 *
 * <p>Thread safety: {@link #onStart} once, before the member runs; the reports from any thread.
 */
public final class GrainMeters implements MemberObserver {
    /** Requests served: a timer per kind, method and outcome (from arrival at the grain's shard to the reply). */
    public static final String CALLS = "grain.calls";
    /** Grain code holding its shard thread without a break, per kind. */
    public static final String TURNS = "grain.turns";
    /** Activations held now, per kind. */
    public static final String ACTIVATIONS = "grain.activations";
    /** Messages waiting in a shard's inbound queue now, per shard. */
    public static final String SHARD_QUEUE = "grain.shard.queue";
    /** Storage operations: a timer per operation and outcome. */
    public static final String STORAGE = "grain.storage";
    /** Prefix of the member's own counters ({@link MemberCounters}), e.g. {@code grain.member.call.errors}. */
    public static final String MEMBER_PREFIX = "grain.member.";

    /** Tag values of {@code outcome}. */
    public static final String OK = "ok";
    public static final String ERROR = "error";

    /** Smallest and largest call duration the call histograms resolve. */
    static final Duration CALL_MIN = Duration.ofNanos(10_000);
    static final Duration CALL_MAX = Duration.ofSeconds(30);
    /** Smallest and largest turn duration the turn histograms resolve. */
    static final Duration TURN_MIN = Duration.ofNanos(1_000);
    static final Duration TURN_MAX = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Tags commonTags;
    /** [kind][method * 2 + failed]. */
    private Timer[][] calls;
    private Timer[] turns;
    private AtomicLong[] activations;
    /** [operation * 2 + failed]. */
    private Timer[] storage;
    private boolean started;

    /** Meters in {@code registry}. */
    public GrainMeters(final MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Meters in {@code registry}, each with {@code tags} besides its own (e.g. a cluster or host name). */
    public GrainMeters(final MeterRegistry registry, final Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.commonTags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public synchronized void onStart(final ObservedMember member) {
        if (started) {
            throw new IllegalStateException("a GrainMeters observes one member; give each member its own");
        }
        started = true;
        final Tags memberTags = commonTags.and("member", Integer.toString(member.memberId()));
        final int kinds = member.kinds().size();
        final Timer[][] callTimers = new Timer[kinds][];
        final Timer[] turnTimers = new Timer[kinds];
        final AtomicLong[] held = new AtomicLong[kinds];
        for (final ObservedKind kind : member.kinds()) {
            final Tags kindTags = memberTags.and("kind", kind.name());
            final int methods = kind.methods().size();
            final Timer[] timers = new Timer[methods * 2];
            for (int m = 0; m < methods; m++) {
                final Tags methodTags = kindTags.and("method", kind.methods().get(m).name());
                timers[m * 2] = callTimer(methodTags.and("outcome", OK));
                timers[m * 2 + 1] = callTimer(methodTags.and("outcome", ERROR));
            }
            callTimers[kind.index()] = timers;
            turnTimers[kind.index()] = Timer.builder(TURNS).tags(kindTags)
                .description("Grain code holding its shard thread without a break: a turn's synchronous part, a continuation,"
                    + " a timer or a lifecycle hook")
                .publishPercentileHistogram().minimumExpectedValue(TURN_MIN).maximumExpectedValue(TURN_MAX)
                .register(registry);
            final AtomicLong count = new AtomicLong();
            held[kind.index()] = count;
            Gauge.builder(ACTIVATIONS, count, AtomicLong::get).tags(kindTags).strongReference(true)
                .description("Activations of the kind held by the member now").register(registry);
        }
        final StorageOperation[] operations = StorageOperation.values();
        final Timer[] storageTimers = new Timer[operations.length * 2];
        for (final StorageOperation operation : operations) {
            final Tags operationTags = memberTags.and("operation", operation.methodName());
            storageTimers[operation.ordinal() * 2] = storageTimer(operationTags.and("outcome", OK));
            storageTimers[operation.ordinal() * 2 + 1] = storageTimer(operationTags.and("outcome", ERROR));
        }
        for (int s = 0; s < member.shards(); s++) {
            final int shard = s;
            Gauge.builder(SHARD_QUEUE, member, m -> m.queueDepth(shard)).tags(memberTags.and("shard", Integer.toString(shard)))
                .strongReference(true).description("Messages waiting in the shard's inbound queue").baseUnit("messages")
                .register(registry);
        }
        bindCounters(member.counters(), memberTags);
        calls = callTimers;
        turns = turnTimers;
        activations = held;
        storage = storageTimers;
    }

    private Timer callTimer(final Tags tags) {
        return Timer.builder(CALLS).tags(tags)
            .description("Requests served by the member's grains, from arrival at the grain's shard to the reply")
            .publishPercentileHistogram().minimumExpectedValue(CALL_MIN).maximumExpectedValue(CALL_MAX)
            .register(registry);
    }

    private Timer storageTimer(final Tags tags) {
        return Timer.builder(STORAGE).tags(tags).description("Storage operations of the member, from the call to the completion")
            .register(registry);
    }

    private void bindCounters(final MemberCounters counters, final Tags tags) {
        // ACTIVATIONS is left out: grain.activations has it per kind (their sum)
        counter(counters, tags, "calls.started", MemberCounters::calls,
            "Requests (one-way and reminder ticks included) whose turn started on the member");
        counter(counters, tags, "call.errors", MemberCounters::callErrors,
            "Calls that ended in an error on the member: error replies it sent, its own calls that timed out or lost their member");
        counter(counters, tags, "reminder.ticks", MemberCounters::reminderTicks, "Reminder ticks the member delivered");
        counter(counters, tags, "reminder.failures", MemberCounters::reminderFailures, "Reminder ticks that failed");
        counter(counters, tags, "restarts", MemberCounters::restarts, "Activations restarted by their kind's supervision");
        counter(counters, tags, "activation.failures", MemberCounters::activationFailures,
            "Activations that failed (constructor, state load or onActivate)");
        counter(counters, tags, "backoff.rejections", MemberCounters::backOffRejections,
            "Calls refused at once because their grain's activations back off after failing");
    }

    private void counter(final MemberCounters counters, final Tags tags, final String name, final ToDoubleFunction<MemberCounters> value,
        final String description) {
        FunctionCounter.builder(MEMBER_PREFIX + name, counters, value).tags(tags).description(description).register(registry);
    }

    @Override
    public void onCall(final int kind, final int method, final long nanos, final boolean failed) {
        calls[kind][method * 2 + (failed ? 1 : 0)].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onTurn(final int kind, final long nanos) {
        turns[kind].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onActivated(final int kind) {
        activations[kind].incrementAndGet();
    }

    @Override
    public void onDeactivated(final int kind) {
        activations[kind].decrementAndGet();
    }

    @Override
    public void onStorage(final StorageOperation operation, final long nanos, final boolean failed) {
        storage[operation.ordinal() * 2 + (failed ? 1 : 0)].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "GrainMeters{" + registry.getClass().getSimpleName() + "}";
    }
}
