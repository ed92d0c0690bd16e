package io.grain.runtime.shard;

import io.grain.runtime.GrainContext;
import io.grain.runtime.grains.Caller;
import io.grain.runtime.grains.CallerGrain;
import io.grain.runtime.grains.Chain;
import io.grain.runtime.grains.ChainGrain;
import io.grain.runtime.grains.Trace;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.transport.InJvmNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls between grains of one shard: they take the shard-local queue, never the concurrent inbox,
 * run within the duty cycle that made them, and keep the turn rules (no nested turn on the
 * caller's stack; a call chain re-enters a non-reentrant grain; other chains wait). The test
 * thread drives the member's one shard itself.
 */
class SameShardCallsTest {
    private final List<GrainContext> contexts = new ArrayList<>();
    private MemberRuntime member;
    private ShardAgent shard;

    @BeforeEach
    void start() {
        Trace.reset();
        final InJvmNetwork network = new InJvmNetwork();
        member = new MemberRuntime(MemberConfig.builder()
            .transport(network.open(0), network.membership())
            .shards(1)
            .callbackExecutor(Runnable::run)
            .register(Chain.class, context -> {
                contexts.add(context);
                return new ChainGrain(context);
            })
            .register(Caller.class, CallerGrain::new)
            .build());
        member.start();
        shard = member.shard(0);
    }

    @AfterEach
    void stop() {
        member.beginClose();
        for (int i = 0; i < 10_000 && !member.shardsClosed(); i++) {
            shard.doWork();
        }
        member.finishClose();
    }

    private <T> T drive(final CompletableFuture<T> future) {
        for (int i = 0; i < 10_000 && !future.isDone(); i++) {
            shard.doWork();
        }
        assertTrue(future.isDone(), "the call completed");
        return future.join();
    }

    @Test
    void callsBetweenGrainsOfOneShardNeverCrossTheInboxAndFinishInOneDutyCycle() {
        final Chain a = member.grains().get(Chain.class, "A");
        assertEquals("A>B>C>A", drive(a.relay(List.of("B", "C", "A"))), "A -> B -> C -> A re-enters the non-reentrant A");
        final long inboxBefore = shard.inboxMessages();
        final long localBefore = shard.localMessages();

        final CompletableFuture<String> relay = a.relay(List.of("B", "C", "A"));
        final int work = shard.doWork();

        assertTrue(relay.isDone(), "one duty cycle ran the whole chain: three grain-to-grain calls and their replies");
        assertEquals("A>B>C>A", relay.join());
        assertTrue(work > 0);
        assertEquals(1, shard.inboxMessages() - inboxBefore, "only the outside caller's request came through the inbox");
        // the outside call at its home shard, then A -> B, B -> C, C -> A as requests and three replies, then A's reply
        assertEquals(8, shard.localMessages() - localBefore, "every grain-to-grain request and reply took the local queue");
    }

    @Test
    void aGrainsFactoryIsItsMembersAndItsClientsCallThroughTheShard() {
        final Chain a = member.grains().get(Chain.class, "A");
        assertEquals("A>B", drive(a.relay(List.of("B"))));
        // code that keys per-member state by the factory (the gateway's push node does) finds one factory
        assertSame(member.grains(), contexts.get(0).grains());
        final long inboxBefore = shard.inboxMessages();
        assertEquals("A>B>A", drive(a.relay(List.of("B", "A"))));
        assertEquals(1, shard.inboxMessages() - inboxBefore);
    }

    @Test
    void theCalleeRunsAfterTheCallersCodeNeverNestedInIt() {
        final Caller a = member.grains().get(Caller.class, "a");
        final CompletableFuture<String> first = a.callThen("b");
        // another chain's call to a waits for the running turn (a is not reentrant), though b's turn already ran
        final CompletableFuture<String> second = a.note("x");

        assertEquals("callee", drive(first));
        assertEquals("x", drive(second));
        assertEquals(List.of("caller after call", "note callee on b", "caller got callee", "note x on a"), Trace.events());
    }

    @Test
    void aGrainCallingItselfReentersInItsChainAfterItsCode() {
        final Caller a = member.grains().get(Caller.class, "a");
        assertEquals("callee", drive(a.callThen("a")), "a call to itself in its own chain re-enters");
        assertEquals(List.of("caller after call", "note callee on a", "caller got callee"), Trace.events());
    }
}
