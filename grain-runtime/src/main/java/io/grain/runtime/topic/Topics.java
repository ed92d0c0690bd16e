package io.grain.runtime.topic;

import io.grain.runtime.GrainContext;
import io.grain.runtime.shard.MemberRuntime;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A member's topics (docs/TOPICS.md): {@code member.topics()} for outside code,
 * {@code context.topics()} for grain code (whose futures then complete on the activation's thread).
 *
 * <pre>{@code
 * Topic<ChatLine> lobby = member.topics().topic("lobby", ChatLine.class);   // ChatLine: a @Stored record
 * lobby.subscribe(line -> show(line));                                       // an outside consumer
 * lobby.subscribe(context.self(Player.class), Player::onChat);               // a grain's @OneWay method
 * lobby.publish(new ChatLine("alice", "hi"));                                // CompletableFuture<Void>
 * }</pre>
 *
 * <p>The member's outside consumers live here, by topic; the topic grains and inboxes of every
 * member reach them through {@link MemberRuntime#service}. Thread safe.
 */
public final class Topics {
    /** Longest topic name, in chars. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Messages an outside consumer may fall behind before newer ones are dropped for it. */
    public static final int CONSUMER_QUEUE_CAPACITY = 65_536;

    private final MemberRuntime member;
    /** Tells this member's consumers apart from those of an earlier process with the same member id. */
    private final long incarnation = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    private final AtomicLong consumerIds = new AtomicLong();
    private final AtomicLong batchesReceived = new AtomicLong();
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<LocalConsumer<?>>> consumers = new ConcurrentHashMap<>();

    private Topics(final MemberRuntime member) {
        this.member = member;
    }

    /** The topics of {@code member}: one instance per member. */
    public static Topics of(final MemberRuntime member) {
        return member.service(Topics.class, Topics::new);
    }

    /** The topics of the member the grain of {@code context} runs on. */
    public static Topics of(final GrainContext context) {
        return context.topics();
    }

    /**
     * The topic {@code name} carrying messages of {@code type}, a {@code @Stored} record (its
     * generated codec is the message's wire form).
     *
     * @throws IllegalArgumentException for an empty or too long name, or a type without a generated codec.
     */
    public <T> Topic<T> topic(final String name, final Class<T> type) {
        return topic(name, StoredTypes.of(Objects.requireNonNull(type, "type")));
    }

    /** Like {@link #topic(String, Class)}, with the codec given (the generated one, or one written by hand). */
    public <T> Topic<T> topic(final String name, final StoredType<T> codec) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codec, "codec");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a topic name has 1 to " + MAX_NAME_LENGTH + " chars: '" + name + "'");
        }
        return new Topic<>(this, name, codec);
    }

    /**
     * Batches this member's inboxes took, over all topics: one per publish (or batch) that has
     * subscribers here, however many there are.
     */
    public long batchesReceived() {
        return batchesReceived.get();
    }

    void countBatch() {
        batchesReceived.incrementAndGet();
    }

    MemberRuntime member() {
        return member;
    }

    /** The outside consumers of {@code topic} on this member (a snapshot that is safe to iterate). */
    List<LocalConsumer<?>> consumers(final String topic) {
        final CopyOnWriteArrayList<LocalConsumer<?>> list = consumers.get(topic);
        return list == null ? List.of() : list;
    }

    <T> LocalConsumer<T> addConsumer(final Topic<T> topic, final Consumer<? super T> callback) {
        final Subscriber subscriber = Subscriber.consumer(member.memberId(), incarnation, consumerIds.incrementAndGet());
        final LocalConsumer<T> consumer = new LocalConsumer<>(topic.name(), subscriber, topic.codec(), callback,
            member.config().callbackExecutor(), CONSUMER_QUEUE_CAPACITY);
        consumers.computeIfAbsent(topic.name(), t -> new CopyOnWriteArrayList<>()).add(consumer);
        return consumer;
    }

    void removeConsumer(final LocalConsumer<?> consumer) {
        consumer.close();
        final CopyOnWriteArrayList<LocalConsumer<?>> list = consumers.get(consumer.topic);
        if (list != null) {
            list.remove(consumer);
        }
    }
}
