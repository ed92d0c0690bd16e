package io.grain.runtime.topic;

import io.grain.annotation.Grain;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainReference;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.member.Dispatchers;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.StoredType;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One topic as a member sees it: publish to it, subscribe grains or outside consumers to it, or
 * get a {@link BatchingProducer} for it. Cheap to create; holds no state of its own.
 *
 * <p>Delivery is at most once (a batch lost with a member is not sent again, unless a batching
 * producer retries it), and the messages of one publisher reach each subscriber in publish order
 * while no member fails (docs/TOPICS.md). From grain code, futures complete on the activation's
 * thread; otherwise on the member's callback executor. Thread safe.
 */
public final class Topic<T> {
    private final Topics topics;
    private final String name;
    private final StoredType<T> codec;
    private final GrainId owner;
    private final TopicOwner ownerClient;

    Topic(final Topics topics, final String name, final StoredType<T> codec) {
        this.topics = topics;
        this.name = name;
        this.codec = codec;
        this.owner = TopicOwnerDispatcher.owner(name);
        this.ownerClient = TopicOwnerDispatcher.INSTANCE.newClient(owner, topics.member().invoker());
    }

    public String name() {
        return name;
    }

    /** The message type. */
    public Class<T> type() {
        return codec.type();
    }

    /**
     * Publishes one message; completes when every member with subscribers took it (not when the
     * subscribers handled it), or fails: with {@link TopicDeliveryException} naming the members
     * that did not (the others delivered it), or as any call fails when the topic's member is
     * unreachable.
     */
    public CompletableFuture<Void> publish(final T message) {
        return publishAll(List.of(Objects.requireNonNull(message, "message")));
    }

    /** Publishes messages as one batch, in list order; completes like {@link #publish}. */
    public CompletableFuture<Void> publishAll(final List<? extends T> messages) {
        final OutboundCall call = topics.member().invoker().begin(owner, TopicOwnerDispatcher.PUBLISH);
        call.encodeArguments();
        try {
            final ProtoWriter w = call.arguments();
            for (int i = 0; i < messages.size(); i++) {
                final T message = Objects.requireNonNull(messages.get(i), "message");
                final int mark = w.beginMessage(TopicOwnerDispatcher.MESSAGE_FIELD);
                codec.write(message, w);
                w.endMessage(mark);
            }
        } catch (final RuntimeException e) {
            return call.abandon(e);
        }
        return call.request(TopicOwnerDispatcher.EMPTY_REPLY);
    }

    /**
     * Subscribes an outside consumer on this member: {@code consumer} runs on the member's callback
     * executor, one message at a time in delivery order. The future completes when the topic holds
     * the subscription (stored, when the member has storage).
     */
    public CompletableFuture<Subscription> subscribe(final Consumer<? super T> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        final LocalConsumer<T> local = topics.addConsumer(this, consumer);
        return ownerClient.subscribe(local.subscriber.text).handle((ok, error) -> {
            if (error != null) {
                topics.removeConsumer(local);
                throw error instanceof RuntimeException ? (RuntimeException)error : new IllegalStateException(error);
            }
            return new Subscription(this, local.subscriber, local);
        });
    }

    /**
     * Subscribes a grain: each message becomes a one-way call of the method {@code method} calls
     * on the grain of {@code grain} (a reference from {@code grains().get(..)} or
     * {@code context.self(..)}), e.g. {@code topic.subscribe(context.self(Lobby.class), Lobby::onChat)}.
     * The method must be {@code @OneWay} with the message as its only parameter.
     *
     * @throws IllegalArgumentException when {@code grain} is not a grain reference, or the method is
     *         not such a method.
     */
    public <G> CompletableFuture<Subscription> subscribe(final G grain, final BiConsumer<? super G, ? super T> method) {
        final Subscriber s = grainSubscriber(grain, method);
        return ownerClient.subscribe(s.text).thenApply(ok -> new Subscription(this, s, null));
    }

    /** Unsubscribes a grain's method subscribed with {@link #subscribe(Object, BiConsumer)}. */
    public <G> CompletableFuture<Void> unsubscribe(final G grain, final BiConsumer<? super G, ? super T> method) {
        return unsubscribe(grainSubscriber(grain, method));
    }

    /** A producer that batches this topic's messages; see {@link BatchingProducer} for its error policy. */
    public BatchingProducer<T> batchingProducer(final BatchingOptions options) {
        return new BatchingProducer<>(this, options);
    }

    CompletableFuture<Void> unsubscribe(final Subscriber subscriber) {
        return ownerClient.unsubscribe(subscriber.text);
    }

    Topics topics() {
        return topics;
    }

    StoredType<T> codec() {
        return codec;
    }

    @SuppressWarnings("unchecked")
    private <G> Subscriber grainSubscriber(final G grain, final BiConsumer<? super G, ? super T> method) {
        Objects.requireNonNull(grain, "grain");
        Objects.requireNonNull(method, "method");
        if (!(grain instanceof GrainReference)) {
            throw new IllegalArgumentException(grain.getClass().getName() + " is not a grain reference; pass a client from "
                + "grains().get(..) or context.self(..)");
        }
        final GrainId id = ((GrainReference)grain).grainId();
        final Class<?> grainInterface = grainInterfaceOf(grain.getClass());
        final GrainDispatcher<Object> dispatcher = (GrainDispatcher<Object>)Dispatchers.of(grainInterface);
        final MethodCapture capture = new MethodCapture();
        method.accept((G)dispatcher.newClient(id, capture), null);
        final GrainMethod m = capture.method();
        if (capture.calls() != 1 || m == null) {
            throw new IllegalArgumentException("a topic subscriber's method reference must call one method of "
                + grainInterface.getName() + "; it called " + capture.calls());
        }
        final String nested = codec.type().getName();
        final String canonical = codec.type().getCanonicalName();
        final boolean takesTheMessage = m.signature().equals(m.name() + "(" + nested + ")")
            || m.signature().equals(m.name() + "(" + canonical + ")");
        if (!m.oneWay() || !takesTheMessage) {
            throw new IllegalArgumentException(grainInterface.getName() + "." + m.signature() + " cannot subscribe to topic '"
                + name + "': a subscriber method is @OneWay and takes only the message, " + canonical);
        }
        return Subscriber.grain(id, m.id());
    }

    private static Class<?> grainInterfaceOf(final Class<?> client) {
        for (final Class<?> i : client.getInterfaces()) {
            if (i.isAnnotationPresent(Grain.class)) {
                return i;
            }
        }
        throw new IllegalArgumentException(client.getName() + " implements no @Grain interface");
    }
}
