package io.grain.runtime.topic;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.shard.MemberRuntime;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The activation of one topic: its subscribers (loaded from storage on activation, each change
 * stored before it counts) and the fan-out of published batches. A publish sends the batch once to
 * the inbox of every member that has subscribers, as a call pinned to that member, with the grain
 * subscribers that member hosts under the current view; the publish completes when every inbox
 * took it, or fails with {@link TopicDeliveryException} naming the members that did not (the
 * others keep what they got). A non-reentrant grain: publishes run one at a time, so batches reach
 * every inbox in the order the topic took them.
 *
 * <p>Thread ownership: the activation's thread.
 */
final class TopicOwnerGrain implements TopicOwner, GrainLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(TopicOwnerGrain.class);

    private final GrainContext context;
    private final MemberRuntime member;
    private final Storage storage;
    private final String topic;
    private final TreeMap<String, Subscriber> subscribers = new TreeMap<>();
    /** The fan-out worked out for {@link #groupedFor}; null when subscribers changed since. */
    private TreeMap<Integer, List<String>> targets;
    private MembershipView groupedFor;

    TopicOwnerGrain(final GrainContext context) {
        this.context = context;
        this.member = Topics.of(context).member();
        this.storage = member.config().storage();
        this.topic = context.id().stringKey();
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        if (storage == null) {
            return CompletableFuture.completedFuture(null);
        }
        return storage.readSubscriptions(topic).thenAcceptAsync(stored -> {
            for (final String text : stored) {
                try {
                    final Subscriber s = Subscriber.parse(text);
                    subscribers.put(s.text, s);
                } catch (final IllegalArgumentException e) {
                    LOG.warn("topic '{}': skipping a stored subscriber that does not parse: {}", topic, text);
                }
            }
            targets = null;
        }, context.executor());
    }

    @Override
    public CompletableFuture<Void> subscribe(final String text) {
        final Subscriber s = Subscriber.parse(text);
        if (storage == null) {
            add(s);
            return CompletableFuture.completedFuture(null);
        }
        return storage.upsertSubscription(topic, s.text).thenRunAsync(() -> add(s), context.executor());
    }

    @Override
    public CompletableFuture<Void> unsubscribe(final String text) {
        if (storage == null) {
            remove(text);
            return CompletableFuture.completedFuture(null);
        }
        return storage.deleteSubscription(topic, text).thenRunAsync(() -> remove(text), context.executor());
    }

    private void add(final Subscriber s) {
        if (subscribers.put(s.text, s) == null) {
            targets = null;
        }
    }

    private void remove(final String text) {
        if (subscribers.remove(text) != null) {
            targets = null;
        }
    }

    @Override
    public CompletableFuture<Void> publish(final byte[] messages) {
        final MembershipView view = member.config().membership().view();
        if (targets == null || groupedFor != view) {
            group(view);
        }
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicInteger remaining = new AtomicInteger(targets.size());
        final TreeMap<Integer, Throwable> failures = new TreeMap<>();
        for (final Map.Entry<Integer, List<String>> target : targets.entrySet()) {
            final int memberId = target.getKey();
            deliver(memberId, messages, target.getValue()).whenComplete((ok, error) -> {
                // completions come back on this activation's thread, one at a time
                if (error != null) {
                    failures.put(memberId, unwrap(error));
                }
                if (remaining.decrementAndGet() == 0) {
                    if (failures.isEmpty()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(new TopicDeliveryException(topic, failures));
                    }
                }
            });
        }
        return done;
    }

    /** One call to the inbox on {@code memberId}, pinned there: the batch and that member's grain subscribers. */
    private CompletableFuture<Void> deliver(final int memberId, final byte[] messages, final List<String> grains) {
        final Envelope call = (Envelope)member.invoker().begin(TopicInboxDispatcher.inbox(topic), TopicInboxDispatcher.DELIVER);
        call.targetMember = memberId;
        call.pinned = true;
        call.encodeArguments();
        final ProtoWriter w = call.arguments();
        w.appendEncoded(messages, 0, messages.length);
        for (int i = 0; i < grains.size(); i++) {
            w.writeString(TopicInboxDispatcher.GRAIN_SUBSCRIBER_FIELD, grains.get(i));
        }
        return call.request(TopicOwnerDispatcher.EMPTY_REPLY);
    }

    /**
     * Works out which members get the batch: the owner of each grain subscriber under {@code view},
     * and each member with outside consumers that is in the view (a consumer of a member that left
     * is not sent to; its row stays until it unsubscribes, harmless if the member id comes back).
     */
    private void group(final MembershipView view) {
        final TreeMap<Integer, List<String>> grouped = new TreeMap<>();
        for (final Subscriber s : subscribers.values()) {
            if (s.isGrain()) {
                final int owner = RendezvousPlacement.owner(s.grain, view);
                if (owner != RendezvousPlacement.NO_MEMBER) {
                    grouped.computeIfAbsent(owner, m -> new ArrayList<>()).add(s.text);
                }
            } else if (view.contains(s.member)) {
                grouped.computeIfAbsent(s.member, m -> new ArrayList<>());
            }
        }
        targets = grouped;
        groupedFor = view;
    }

    private static Throwable unwrap(final Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
