package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.grains.ChatLine;
import io.grain.runtime.grains.Listener;
import io.grain.runtime.grains.ListenerGrain;
import io.grain.runtime.grains.Received;
import io.grain.runtime.topic.BatchingOptions;
import io.grain.runtime.topic.BatchingProducer;
import io.grain.runtime.topic.Subscription;
import io.grain.runtime.topic.Topic;
import io.grain.runtime.topic.TopicPublishException;
import io.grain.storage.InMemoryStorage;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Pub/sub topics on a TestCluster (docs/TOPICS.md): fan-out, order, crashes, unsubscribe, error policies, batching. */
class TopicTest {
    private static final GrainId LOBBY = GrainId.of("grain.topic", "lobby");

    private TestCluster cluster;
    private InMemoryStorage storage;

    @BeforeEach
    void start() {
        Received.reset();
        storage = new InMemoryStorage();
        cluster = cluster(storage, 3, 0);
    }

    @AfterEach
    void stop() {
        cluster.close();
        storage.close();
    }

    private static TestCluster cluster(final InMemoryStorage storage, final int members, final int maxMessageSize) {
        final TestCluster.Builder b = TestCluster.builder().members(members).storage(storage).register(Listener.class, ListenerGrain::new);
        if (maxMessageSize > 0) {
            b.maxMessageSize(maxMessageSize);
        }
        return b.start();
    }

    private Topic<ChatLine> lobby(final int member) {
        return cluster.topics(member).topic("lobby", ChatLine.class);
    }

    private static List<String> keys(final String prefix, final int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    private void join(final String topic, final List<String> keys) {
        for (final String k : keys) {
            Await.result(cluster.grains().get(Listener.class, k).join(topic));
        }
    }

    private static List<String> lines(final String from, final int fromSeq, final int toSeq) {
        return IntStream.range(fromSeq, toSeq).mapToObj(i -> from + ":" + i).collect(Collectors.toList());
    }

    private static List<String> from(final List<String> got, final String publisher) {
        return got.stream().filter(l -> l.startsWith(publisher + ":")).collect(Collectors.toList());
    }

    /** An outside consumer's lines, in the order its callback saw them. */
    private static final class Lines {
        final List<String> got = Collections.synchronizedList(new ArrayList<>());

        void accept(final ChatLine line) {
            if ("boom".equals(line.text())) {
                throw new IllegalStateException("consumer fails on purpose");
            }
            got.add(line.from() + ":" + line.seq());
        }

        List<String> snapshot() {
            synchronized (got) {
                return List.copyOf(got);
            }
        }
    }

    /** Polls {@code done} until it holds, within the safety bound (consumers run on the cluster's callback threads). */
    private static void await(final BooleanSupplier done, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.BOUND_SECONDS);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within the safety bound: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void grainsAndOutsideConsumersOnEveryMemberGetEachPublishersMessagesInPublishOrder() {
        final List<String> listeners = keys("listener-", 9);
        join("lobby", listeners);
        final List<Integer> hosts = listeners.stream().map(k -> cluster.ownerOf(Listener.class, k)).distinct().collect(Collectors.toList());
        assertTrue(hosts.size() >= 2, "the listeners live on several members: " + hosts);
        final Lines atZero = new Lines();
        final Lines atTwo = new Lines();
        Await.result(lobby(0).subscribe(atZero::accept));
        Await.result(lobby(2).subscribe(atTwo::accept));

        // an outside publisher on member 1 with 40 publishes in flight at once, and a grain publishing from its turn
        final List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(lobby(1).publish(new ChatLine("outside", i, "hi")));
        }
        Await.result(cluster.grains().get(Listener.class, "speaker").say("lobby", 0, 40));
        sent.forEach(Await::result);
        cluster.settle();

        for (final String k : listeners) {
            final List<String> got = Received.of(k);
            assertEquals(80, got.size(), k + " got each message once: " + got);
            assertEquals(lines("outside", 0, 40), from(got, "outside"), k);
            assertEquals(lines("speaker", 0, 40), from(got, "speaker"), k);
        }
        for (final Lines consumer : List.of(atZero, atTwo)) {
            await(() -> consumer.snapshot().size() == 80, "80 lines at each consumer");
            assertEquals(lines("outside", 0, 40), from(consumer.snapshot(), "outside"));
            assertEquals(lines("speaker", 0, 40), from(consumer.snapshot(), "speaker"));
        }
        assertEquals(List.of(), Received.of("speaker"), "a publisher that did not subscribe gets nothing");
    }

    @Test
    void aPublishGoesOnceToEachMemberWithSubscribersHoweverManyThereAre() {
        final List<String> listeners = keys("fan-", 12);
        join("lobby", listeners);
        Await.result(lobby(0).subscribe(line -> { }));
        Await.result(lobby(0).subscribe(line -> { }));
        final long[] before = new long[3];
        for (int i = 0; i < 3; i++) {
            before[i] = cluster.topics(i).batchesReceived();
        }
        Await.result(lobby(1).publish(new ChatLine("one", 1, "hi")));
        cluster.settle();
        for (int i = 0; i < 3; i++) {
            final int member = i;
            final boolean hasSubscribers = member == 0 || listeners.stream().anyMatch(k -> cluster.ownerOf(Listener.class, k) == member);
            assertEquals(hasSubscribers ? 1 : 0, cluster.topics(i).batchesReceived() - before[i], "member " + i);
        }
        for (final String k : listeners) {
            assertEquals(List.of("one:1"), Received.of(k), k);
        }
    }

    @Test
    void subscriptionsAreStoredAndSurviveACrashOfTheTopicsMember() {
        final int owner = cluster.ownerOf(LOBBY);
        final int survivor = (owner + 1) % 3;
        final List<String> listeners = keys("crash-", 6);
        join("lobby", listeners);
        final Lines consumer = new Lines();
        Await.result(lobby(survivor).subscribe(consumer::accept));
        assertEquals(7, storage.subscriptionCount("lobby"));

        Await.result(lobby(survivor).publish(new ChatLine("p", 0, "hi")));
        cluster.kill(owner);
        assertNotEquals(owner, cluster.ownerOf(LOBBY), "the topic moved");
        Await.result(lobby(survivor).publish(new ChatLine("p", 1, "hi")));
        cluster.settle();

        for (final String k : listeners) {
            assertEquals(lines("p", 0, 2), Received.of(k), k + " (its grain may have moved too)");
        }
        await(() -> consumer.snapshot().size() == 2, "both lines at the consumer");
        assertEquals(lines("p", 0, 2), consumer.snapshot());
    }

    @Test
    void aNewClusterOnTheSameStorageDeliversToTheGrainsSubscribedBefore() {
        join("lobby", keys("restart-", 4));
        cluster.close();
        cluster = cluster(storage, 2, 0);
        Await.result(lobby(1).publish(new ChatLine("again", 7, "hi")));
        cluster.settle();
        for (final String k : keys("restart-", 4)) {
            assertEquals(List.of("again:7"), Received.of(k), k);
        }
    }

    @Test
    void unsubscribedGrainsAndConsumersGetNothingMore() {
        join("lobby", List.of("stays", "leaves"));
        final Lines closing = new Lines();
        final Lines staying = new Lines();
        final Subscription closed = Await.result(lobby(2).subscribe(closing::accept));
        Await.result(lobby(2).subscribe(staying::accept));
        Await.result(lobby(0).publish(new ChatLine("p", 0, "hi")));
        await(() -> closing.snapshot().size() == 1 && staying.snapshot().size() == 1, "the first line at both consumers");
        assertEquals(4, storage.subscriptionCount("lobby"));

        Await.result(cluster.grains().get(Listener.class, "leaves").leave("lobby"));
        Await.result(closed.close());
        assertEquals(2, storage.subscriptionCount("lobby"), "deleted from storage");
        Await.result(lobby(0).publish(new ChatLine("p", 1, "hi")));
        cluster.settle();
        await(() -> staying.snapshot().size() == 2, "the second line at the consumer that stayed");

        assertEquals(lines("p", 0, 2), Received.of("stays"));
        assertEquals(lines("p", 0, 1), Received.of("leaves"));
        assertEquals(lines("p", 0, 1), closing.snapshot(), "delivered on the same member in the same batch as to the one that stayed");
        assertEquals(1, closed.delivered());
    }

    @Test
    void aFailingGrainSubscriberMissesOnlyTheMessageItFailedOnAndThePublishSucceeds() {
        join("lobby", List.of("fragile", "steady"));
        Await.result(lobby(1).publishAll(List.of(new ChatLine("p", 0, "hi"), new ChatLine("p", 1, "boom"), new ChatLine("p", 2, "hi"))));
        Await.result(lobby(1).publish(new ChatLine("p", 3, "hi")));
        cluster.settle();
        assertEquals(List.of("p:0", "p:2", "p:3"), Received.of("fragile"));
        assertEquals(List.of("p:0", "p:2", "p:3"), Received.of("steady"), "both threw on boom; neither lost another line");
    }

    @Test
    void aFailingConsumerIsCountedAndGetsTheMessagesAfterIt() {
        final Lines consumer = new Lines();
        final Subscription s = Await.result(lobby(1).subscribe(consumer::accept));
        for (final String text : List.of("hi", "boom", "hi")) {
            Await.result(lobby(0).publish(new ChatLine("p", consumer.hashCode() == 0 ? 0 : text.length(), text)));
        }
        await(() -> s.delivered() + s.failures() == 3, "three lines handled");
        assertEquals(1, s.failures());
        assertEquals(2, s.delivered());
        assertEquals(List.of("p:2", "p:2"), consumer.snapshot());
        assertEquals(0, s.dropped());
    }

    @Test
    void aMemberThatCannotTakeTheBatchFailsThePublishNamingItAndTheOthersStillGetIt() {
        cluster.close();
        // the in-JVM network checks its maximum on messages over its inbox's (512 KiB)
        cluster = cluster(storage, 3, 600_000);
        final int owner = cluster.ownerOf(LOBBY);
        final int refusing = (owner + 1) % 3;
        final int taking = (owner + 2) % 3;
        // a message just under the maximum, and grain subscribers with long keys on one member: the batch for
        // that member, which names them, is over the maximum; the one for the member with a consumer is not
        final String padding = "k".repeat(300);
        final List<String> crowded = new ArrayList<>();
        for (int i = 0; crowded.size() < 14; i++) {
            if (cluster.ownerOf(Listener.class, padding + i) == refusing) {
                crowded.add(padding + i);
            }
        }
        join("lobby", crowded);
        final Lines consumer = new Lines();
        Await.result(lobby(taking).subscribe(consumer::accept));

        final Throwable failure = Await.failure(lobby(owner).publish(new ChatLine("p", 0, "x".repeat(597_000))), Throwable.class);
        final String message = failure instanceof GrainException ? ((GrainException)failure).errorMessage() : failure.getMessage();
        assertTrue(message.contains("topic 'lobby': 1 member did not take the batch: member " + refusing), message);
        assertTrue(message.contains("exceeds the maximum message size"), message);
        await(() -> consumer.snapshot().size() == 1, "the member that could take it delivered it");
        cluster.settle();
        for (final String k : crowded) {
            assertEquals(List.of(), Received.of(k), "at most once: nothing retried");
        }
    }

    @Test
    void aSubscriberMethodMustBeOneWayAndTakeTheMessage() {
        final GrainException e = Await.failure(cluster.grains().get(Listener.class, "wrong").joinWithWrongMethod("lobby"),
            GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("note(java.lang.String) cannot subscribe to topic 'lobby'"), e.errorMessage());
        assertEquals(0, storage.subscriptionCount("lobby"), "nothing stored");
    }

    @Test
    void badTopicsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> cluster.topics(0).topic("", ChatLine.class));
        assertThrows(IllegalArgumentException.class, () -> cluster.topics(0).topic("x".repeat(257), ChatLine.class));
        final IllegalArgumentException notStored = assertThrows(IllegalArgumentException.class,
            () -> cluster.topics(0).topic("lobby", String.class));
        assertTrue(notStored.getMessage().contains("String"), notStored.getMessage());
        assertThrows(NullPointerException.class, () -> lobby(0).publish(null));
        assertThrows(IllegalArgumentException.class, () -> lobby(0).subscribe("not a grain", (g, line) -> { }));
    }

    @Test
    void aBatchingProducerSendsWhatQueuedAsOneBatchAfterAnotherInOrder() {
        join("lobby", keys("batched-", 4));
        final Lines consumer = new Lines();
        Await.result(lobby(2).subscribe(consumer::accept));
        final long before = cluster.topics(2).batchesReceived();
        try (BatchingProducer<ChatLine> producer = lobby(1).batchingProducer(BatchingOptions.DEFAULT.batchSize(10))) {
            final List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 95; i++) {
                sent.add(producer.produce(new ChatLine("b", i, "hi")));
            }
            sent.forEach(Await::result);
            assertTrue(producer.batchesSent() >= 10 && producer.batchesSent() <= 95, "batches of at most 10: " + producer.batchesSent());
            assertEquals(0, producer.failedBatches());
            cluster.settle();
            assertEquals(producer.batchesSent(), cluster.topics(2).batchesReceived() - before, "one inbox call per batch");
        }
        for (final String k : keys("batched-", 4)) {
            assertEquals(lines("b", 0, 95), Received.of(k), k);
        }
        await(() -> consumer.snapshot().size() == 95, "95 lines at the consumer");
        assertEquals(lines("b", 0, 95), consumer.snapshot());
    }

    @Test
    void aBatchingProducerRefusesWhenFullOrClosed() {
        final BatchingProducer<ChatLine> producer = lobby(0).batchingProducer(BatchingOptions.DEFAULT.batchSize(1).maxQueued(2));
        final InMemoryStorage.Gate reads = storage.hold(InMemoryStorage.Operation.SUBSCRIPTION);
        // the topic activates on the first batch and waits for its subscribers: the next two queue up, the fourth is refused
        final List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(producer.produce(new ChatLine("q", i, "hi")));
        }
        final Throwable full = Await.failure(producer.produce(new ChatLine("q", 3, "hi")), IllegalStateException.class);
        assertTrue(full.getMessage().contains("maxQueued"), full.getMessage());
        producer.close();
        Await.failure(producer.produce(new ChatLine("q", 4, "hi")), IllegalStateException.class);
        reads.open();
        sent.forEach(Await::result);
        assertEquals(3, producer.batchesSent(), "the queued ones still went after close");
    }

    /** Subscribes listeners in one cluster and returns a new cluster on the same storage whose topic is not active yet. */
    private void restartWithSubscribers(final List<String> listeners) {
        join("lobby", listeners);
        cluster.close();
        cluster = cluster(storage, 3, 0);
    }

    @Test
    void aBatchingProducerSendsAFailedBatchAgainToTheTopicsNewMemberWithinItsAttempts() {
        final List<String> listeners = keys("retry-", 4);
        restartWithSubscribers(listeners);
        final int owner = cluster.ownerOf(LOBBY);
        final int producing = (owner + 1) % 3;
        final InMemoryStorage.Gate reads = storage.hold(InMemoryStorage.Operation.SUBSCRIPTION);
        final BatchingProducer<ChatLine> producer = lobby(producing).batchingProducer(BatchingOptions.DEFAULT.maxAttempts(2));
        final List<CompletableFuture<Void>> sent = new ArrayList<>();
        sent.add(producer.produce(new ChatLine("r", 0, "hi")));
        await(() -> reads.waiting() == 1, "the topic's activation reads its subscribers");
        sent.add(producer.produce(new ChatLine("r", 1, "hi")));
        cluster.kill(owner);
        await(() -> producer.retries() == 1 && reads.waiting() == 2, "the batch sent again, to the topic's new member");
        reads.open();
        sent.forEach(Await::result);
        cluster.settle();
        assertEquals(0, producer.failedBatches());
        for (final String k : listeners) {
            assertEquals(lines("r", 0, 2), Received.of(k), k + ": once each, in order");
        }
    }

    @Test
    void aBatchingProducerWithOneAttemptFailsTheBatchsMessagesAndGoesOn() {
        final List<String> listeners = keys("once-", 3);
        restartWithSubscribers(listeners);
        final int owner = cluster.ownerOf(LOBBY);
        final int producing = (owner + 1) % 3;
        final InMemoryStorage.Gate reads = storage.hold(InMemoryStorage.Operation.SUBSCRIPTION);
        final BatchingProducer<ChatLine> producer = lobby(producing).batchingProducer(BatchingOptions.DEFAULT);
        final CompletableFuture<Void> lost = producer.produce(new ChatLine("o", 0, "hi"));
        await(() -> reads.waiting() == 1, "the topic's activation reads its subscribers");
        cluster.kill(owner);
        final TopicPublishException e = Await.failure(lost, TopicPublishException.class);
        assertTrue(e.getMessage().contains("the batch of this message failed after 1 attempt"), e.getMessage());
        assertInstanceOf(GrainUnavailableException.class, e.getCause());
        assertEquals(1, producer.failedBatches());
        reads.open();
        Await.result(producer.produce(new ChatLine("o", 1, "hi")));
        cluster.settle();
        for (final String k : listeners) {
            assertEquals(List.of("o:1"), Received.of(k), k + ": the failed batch is not delivered, the next one is");
        }
    }
}
