package io.grain.benchmarks.scenario;

import io.grain.benchmarks.grains.Fan;
import io.grain.benchmarks.grains.FanGrain;
import io.grain.benchmarks.grains.Tick;
import io.grain.benchmarks.grains.Ticker;
import io.grain.benchmarks.grains.TickerGrain;
import io.grain.benchmarks.load.LoadDriver;
import io.grain.benchmarks.load.ResultLine;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainMember;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.runtime.topic.BatchingOptions;
import io.grain.runtime.topic.BatchingProducer;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.storage.InMemoryStorage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cluster services' scenarios (docs/TOPICS.md, docs/REMINDERS.md), one per child JVM:
 * {@code ClusterServicesScenario <name> key=value...}. Each reports its figure and, from the same
 * JVM and run, the anchor it is read against.
 * <pre>
 *   topics     two members in this JVM on the in-JVM network; subscribers Fan grains (spread over both by placement)
 *              subscribe to one topic; a batching producer on member 0 publishes as fast as it is acknowledged
 *              (inflight messages outstanding, batch messages per batch): deliveries/s to subscribers. Anchor: the
 *              same deliveries as plain one-way calls from grain code, one sending grain per member calling the
 *              fans of its own member (what the inboxes do), same JVM and run.
 *   reminders  one member with an InMemoryStorage and reminders Ticker grains, each with a reminder of periodMs
 *              (offered: reminders / period ticks per second, more than one member runs): ticks/s delivered.
 *              Anchor: plain request calls from an outside thread to the same grains, pipelined, before the
 *              reminders are registered.
 * </pre>
 * A benchmark main: figures go to stdout as {@link ResultLine}s.
 */
public final class ClusterServicesScenario {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "bench";

    private ClusterServicesScenario() {
    }

    public static void main(final String[] args) throws Exception {
        final Options o = new Options(args, 1);
        // closing the member cuts off the ticks due then (100k a second): each is logged as not delivered; only errors matter here
        System.setProperty("org.slf4j.simpleLogger.log.io.grain.runtime.shard.ShardReminders", "error");
        try {
            switch (args[0]) {
                case "topics" -> topics(o);
                case "reminders" -> reminders(o);
                default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
            }
        } catch (final Throwable ex) {
            // a failed scenario must end its JVM (library threads are not daemons), so the harness sees it at once
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static GrainMember.Builder member(final InJvmNetwork network) {
        return GrainMember.builder().network(network).shards(1).callTimeout(CALL_TIMEOUT);
    }

    private static void topics(final Options o) throws Exception {
        final int subscribers = o.integer("subscribers", 1000);
        final int inFlight = o.integer("inflight", 20_000);
        final int batch = o.integer("batch", 500);
        final long warmup = o.millisAsNanos("warmupMs", 2000);
        final long measure = o.millisAsNanos("measureMs", 3000);
        final InJvmNetwork network = new InJvmNetwork();
        try (GrainMember m0 = member(network).register(Fan.class, FanGrain::new).start();
             GrainMember m1 = member(network).register(Fan.class, FanGrain::new).start()) {
            final Fan[] fans = new Fan[subscribers];
            int onSecond = 0;
            for (int k = 0; k < subscribers; k++) {
                fans[k] = m0.grains().get(Fan.class, (long)k);
                fans[k].join(TOPIC).get(60, TimeUnit.SECONDS);
                if (RendezvousPlacement.owner(GrainId.of("fan", (long)k), network.membership().view()) == m1.memberId()) {
                    onSecond++;
                }
            }
            ResultLine.print("grain.topic.fanout.subscribersOnMember1", onSecond);

            // anchor first, on the grains the subscriptions activated: the same deliveries as one-way calls from
            // grain code, one sending grain per member calling the fans of its own member (the work of the inboxes)
            final List<List<Long>> local = List.of(new ArrayList<>(), new ArrayList<>());
            for (int k = 0; k < subscribers; k++) {
                local.get(RendezvousPlacement.owner(GrainId.of("fan", (long)k), network.membership().view()) == m1.memberId() ? 1 : 0)
                    .add((long)k);
            }
            final Fan[] senders = {m0.grains().get(Fan.class, senderKey(network, m0.memberId(), subscribers)),
                m0.grains().get(Fan.class, senderKey(network, m1.memberId(), subscribers))};
            blastFor(senders, local, warmup);
            awaitQuiet();
            final long anchorStart = System.nanoTime();
            final long anchorBefore = FanGrain.DELIVERED.sum();
            blastFor(senders, local, measure);
            final double anchorRate = (FanGrain.DELIVERED.sum() - anchorBefore) / ((System.nanoTime() - anchorStart) / 1e9);
            ResultLine.print("anchor.topic.oneway.deliveries_per_s", anchorRate);
            awaitQuiet();

            try (BatchingProducer<Tick> producer = m0.topics().topic(TOPIC, Tick.class).batchingProducer(
                BatchingOptions.DEFAULT.batchSize(batch).maxQueued(Math.max(4 * inFlight, batch)))) {
                final LoadDriver publish = new LoadDriver(i -> producer.produce(new Tick(i)), inFlight, CALL_TIMEOUT.toNanos());
                publish.pipelined(warmup);
                final long before = FanGrain.DELIVERED.sum();
                final LoadDriver.Outcome outcome = publish.pipelined(measure);
                final long delivered = FanGrain.DELIVERED.sum() - before;
                outcome.report("grain.topic.publish");
                ResultLine.print("grain.topic.fanout.deliveries_per_s", delivered / outcome.seconds());
                ResultLine.print("grain.topic.fanout.batches", producer.batchesSent());
                ResultLine.print("grain.topic.fanout.failedBatches", producer.failedBatches());
            }
        }
    }

    /** A fan key (beyond the subscribers) that placement puts on {@code member}: the anchor's sender there. */
    private static long senderKey(final InJvmNetwork network, final int member, final int subscribers) {
        long key = subscribers;
        while (RendezvousPlacement.owner(GrainId.of("fan", key), network.membership().view()) != member) {
            key++;
        }
        return key;
    }

    /** Both senders blast their member's fans, 100 rounds a call, until {@code nanos} passed. */
    private static void blastFor(final Fan[] senders, final List<List<Long>> local, final long nanos) throws Exception {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            final CompletableFuture<Void> a = senders[0].blast(local.get(0), 100);
            final CompletableFuture<Void> b = senders[1].blast(local.get(1), 100);
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        }
    }

    /** Waits (bounded) until the fans stop counting, so one-way calls still queued do not land in the next measure. */
    private static void awaitQuiet() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        while (FanGrain.DELIVERED.sum() != last && System.nanoTime() - deadline < 0) {
            last = FanGrain.DELIVERED.sum();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Waits {@code nanos} on this thread (the member's own threads do the work meanwhile). */
    private static void pause(final long nanos) {
        final long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static void reminders(final Options o) throws Exception {
        final int count = o.integer("reminders", 100_000);
        final int periodMs = o.integer("periodMs", 1000);
        final int inFlight = o.integer("inflight", 1000);
        final long warmup = o.millisAsNanos("warmupMs", 2000);
        final long measure = o.millisAsNanos("measureMs", 3000);
        final InMemoryStorage storage = new InMemoryStorage();
        try (GrainMember member = member(new InJvmNetwork()).storage(storage).collectionAge(Duration.ofHours(1))
            .reminderMinimumPeriod(Duration.ofMillis(periodMs)).register(Ticker.class, TickerGrain::new).start()) {
            final Ticker[] tickers = new Ticker[count];
            for (int k = 0; k < count; k++) {
                tickers[k] = member.grains().get(Ticker.class, (long)k);
            }
            // anchor: the same grains, activated by the warm-up, called without reminders
            final LoadDriver poke = new LoadDriver(i -> tickers[i % count].poke(), inFlight, CALL_TIMEOUT.toNanos());
            poke.exactly(count);
            poke.pipelined(warmup);
            poke.pipelined(measure).report("anchor.reminders.calls");

            final LoadDriver.Outcome armed = new LoadDriver(i -> tickers[i].arm(i % periodMs, periodMs), inFlight,
                CALL_TIMEOUT.toNanos()).exactly(count);
            ResultLine.print("grain.reminders.registered", armed.ok());
            ResultLine.print("grain.reminders.register.errors", armed.errors() + armed.timeouts() + armed.hung());
            pause(warmup);
            final long ticksBefore = member.counters().reminderTicks();
            final long failuresBefore = member.counters().reminderFailures();
            final long start = System.nanoTime();
            pause(measure);
            final double seconds = (System.nanoTime() - start) / 1e9;
            ResultLine.print("grain.reminders.ticks.rate", (member.counters().reminderTicks() - ticksBefore) / seconds);
            ResultLine.print("grain.reminders.ticks.offered", count * 1000.0 / periodMs);
            ResultLine.print("grain.reminders.ticks.errors", member.counters().reminderFailures() - failuresBefore);
            ResultLine.print("grain.reminders.ticks.timeouts", 0);
        } finally {
            storage.close();
        }
    }
}
