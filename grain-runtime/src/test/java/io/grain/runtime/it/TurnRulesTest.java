package io.grain.runtime.it;

import io.grain.runtime.grains.Chain;
import io.grain.runtime.grains.ChainGrain;
import io.grain.runtime.grains.Counter;
import io.grain.runtime.grains.CounterGrain;
import io.grain.runtime.grains.ReentrantTurns;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.grains.Turns;
import io.grain.runtime.grains.TurnsGrain;
import io.grain.runtime.grains.Worker;
import io.grain.runtime.grains.WorkerGrain;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnRulesTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        Trace.reset();
        cluster = TestCluster.builder().members(2)
            .register(Turns.class, TurnsGrain::new)
            .register(ReentrantTurns.class, TurnsGrain::new)
            .register(Counter.class, CounterGrain::new)
            .register(Chain.class, ChainGrain::new)
            .register(Worker.class, WorkerGrain::new)
            .start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void nonReentrantByDefault() {
        final Turns grain = cluster.grains().get(Turns.class, "g");
        final CompletableFuture<String> a = grain.hold("a");
        final CompletableFuture<String> b = grain.hold("b");
        cluster.settle();
        assertEquals(List.of("start hold a"), Trace.events());
        Trace.open("a");
        assertEquals("g:a", Await.result(a));
        cluster.settle();
        assertEquals(List.of("start hold a", "end hold a", "start hold b"), Trace.events());
        assertFalse(b.isDone());
        Trace.open("b");
        assertEquals("g:b", Await.result(b));
    }

    @Test
    void readOnlyInterleavesWithReadOnlyButNotWithWriters() {
        final Turns grain = cluster.grains().get(Turns.class, "g");
        final CompletableFuture<String> r1 = grain.read("r1");
        final CompletableFuture<String> r2 = grain.read("r2");
        final CompletableFuture<String> w = grain.hold("w");
        final CompletableFuture<String> r3 = grain.read("r3");
        cluster.settle();
        assertEquals(List.of("start read r1", "start read r2"), Trace.events());
        Trace.open("r1");
        Trace.open("r2");
        Await.result(r1);
        Await.result(r2);
        cluster.settle();
        assertEquals("start hold w", Trace.events().get(Trace.events().size() - 1));
        Trace.open("w");
        Await.result(w);
        cluster.settle();
        assertTrue(Trace.events().contains("start read r3"));
        Trace.open("r3");
        Await.result(r3);
    }

    @Test
    void alwaysInterleaveRunsDuringAnyTurn() {
        final Turns grain = cluster.grains().get(Turns.class, "g");
        final CompletableFuture<String> w = grain.hold("w");
        final CompletableFuture<String> p = grain.poke("p");
        final CompletableFuture<String> w2 = grain.hold("w2");
        cluster.settle();
        assertEquals(List.of("start hold w", "start poke p"), Trace.events());
        Trace.open("p");
        Await.result(p);
        Trace.open("w");
        Trace.open("w2");
        Await.result(w);
        Await.result(w2);
    }

    @Test
    void reentrantGrainInterleavesEveryCall() {
        final ReentrantTurns grain = cluster.grains().get(ReentrantTurns.class, "g");
        final CompletableFuture<String> a = grain.hold("a");
        final CompletableFuture<String> b = grain.hold("b");
        cluster.settle();
        assertEquals(List.of("start hold a", "start hold b"), Trace.events());
        Trace.open("b");
        Trace.open("a");
        Await.result(a);
        Await.result(b);
    }

    @Test
    void callChainReentrancyAtoBtoA() {
        final Chain a = cluster.grains().get(Chain.class, "A");
        assertEquals("A>B>A", Await.result(a.relay(List.of("B", "A"))));
    }

    @Test
    void callChainReentrancyAtoBtoCtoA() {
        final Chain a = cluster.grains().get(Chain.class, "A");
        assertEquals("A>B>C>A", Await.result(a.relay(List.of("B", "C", "A"))));
        assertEquals("A>A", Await.result(a.relay(List.of("A"))));
    }

    @Test
    void oneWayCallsAreFifoFromOutside() {
        final Counter counter = cluster.grains().get(Counter.class, "fifo");
        for (int i = 0; i < 200; i++) {
            counter.append(i);
        }
        final List<Integer> expected = IntStream.range(0, 200).boxed().collect(Collectors.toList());
        assertEquals(expected, Await.result(counter.appended()));
    }

    @Test
    void oneWayCallsAreFifoFromAGrainOnAnyMember() {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add("sender" + i);
        }
        for (final String key : keys) {
            Await.result(cluster.grains().get(Counter.class, key).appendTo("sink-" + key, 100));
            final List<Integer> got = Await.result(cluster.grains().get(Counter.class, "sink-" + key).appended());
            assertEquals(IntStream.range(0, 100).boxed().collect(Collectors.toList()), got);
        }
    }

    @Test
    void defaultTimeoutIsThirtySecondsOfClusterTime() {
        final Turns grain = cluster.grains().get(Turns.class, "g");
        final CompletableFuture<String> never = grain.hold("never");
        cluster.advance(Duration.ofSeconds(29));
        assertFalse(never.isDone());
        cluster.advance(Duration.ofSeconds(2));
        Await.failure(never, TimeoutException.class);
    }

    @Test
    void timeoutAnnotationShortensTheWait() {
        final Turns grain = cluster.grains().get(Turns.class, "g");
        final CompletableFuture<String> quick = grain.quick("slow");
        cluster.advance(Duration.ofMillis(400));
        assertFalse(quick.isDone());
        cluster.advance(Duration.ofMillis(200));
        final TimeoutException e = Await.failure(quick, TimeoutException.class);
        assertTrue(e.getMessage().contains("quick"), e.getMessage());
        // the grain is still busy with the abandoned turn; it finishes when its gate opens
        Trace.open("slow");
        final CompletableFuture<String> after = grain.read("after");
        Trace.open("after");
        assertEquals("g:after", Await.result(after));
    }

    @Test
    void statelessWorkerSpreadsCallsOverAtMostMaxActivations() {
        WorkerGrain.CREATED.set(0);
        final Worker worker = cluster.grains().get(Worker.class, "w");
        final CompletableFuture<String> a = worker.work("a");
        final CompletableFuture<String> b = worker.work("b");
        final CompletableFuture<String> c = worker.work("c");
        cluster.settle();
        assertEquals(List.of("worker 1 a", "worker 2 b"), Trace.events());
        assertEquals(2, WorkerGrain.CREATED.get());
        Trace.open("a");
        Trace.open("b");
        Trace.open("c");
        assertEquals("w1", Await.result(a));
        assertEquals("w2", Await.result(b));
        Await.result(c);
        assertEquals(2, WorkerGrain.CREATED.get());
        assertEquals(2, cluster.activationCount(0));
    }
}
