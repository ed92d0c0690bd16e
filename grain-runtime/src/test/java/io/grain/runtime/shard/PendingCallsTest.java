package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.grains.Chain;
import io.grain.runtime.grains.ChainDispatcher;
import io.grain.runtime.grains.ChainGrain;
import io.grain.runtime.member.MemberConfig;
import io.grain.runtime.transport.InJvmNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Correlation ids are slots with generations: a reply finds its call by index, and a reply of an
 * ended call (late, duplicated, or forged with another generation) is dropped, never given to the
 * call that holds the slot now.
 */
class PendingCallsTest {
    private MemberRuntime member;
    private ShardAgent shard;

    @BeforeEach
    void start() {
        final InJvmNetwork network = new InJvmNetwork();
        member = new MemberRuntime(MemberConfig.builder()
            .transport(network.open(0), network.membership())
            .shards(1)
            .callbackExecutor(Runnable::run)
            .register(Chain.class, ChainGrain::new)
            .build());
        shard = member.shard(0);
    }

    @AfterEach
    void stop() {
        member.finishClose();
    }

    private Envelope register(final CompletableFuture<Object> future) {
        final Envelope call = member.pool().acquire();
        member.place(call, GrainId.of("chain", "x"), ChainDispatcher.M_RELAY);
        assertTrue(shard.pending.register(call, future, reader -> "decoded", null, false));
        return call;
    }

    private void reply(final long correlationId, final Object value) {
        final Envelope reply = member.pool().acquire();
        reply.type = Envelope.REPLY;
        reply.correlationId = correlationId;
        reply.value = value;
        reply.valueByReference = true;
        shard.pending.onReply(reply);
    }

    @Test
    void aReplyOfAnOlderGenerationOfItsSlotIsDropped() {
        final CompletableFuture<Object> first = new CompletableFuture<>();
        final long id1 = register(first).correlationId;
        final long slot = id1 & (PendingCalls.MAX_SLOTS - 1);

        reply(id1 + PendingCalls.MAX_SLOTS, "another generation");
        assertFalse(first.isDone(), "a reply naming another generation of the slot is not this call's");
        assertEquals(1, shard.pending.waiting());

        reply(id1, "one");
        assertEquals("one", first.join());
        assertEquals(0, shard.pending.waiting());

        final CompletableFuture<Object> second = new CompletableFuture<>();
        final long id2 = register(second).correlationId;
        assertEquals(slot, id2 & (PendingCalls.MAX_SLOTS - 1), "the freed slot is used again");
        assertNotEquals(id1, id2, "with a new generation");

        reply(id1, "late duplicate");
        assertFalse(second.isDone(), "the first call's late reply does not complete the call now in its slot");
        reply(id1 + (1L << 40), "far slot or generation");
        reply(0, "never an id");
        assertFalse(second.isDone());

        reply(id2, "two");
        assertEquals("two", second.join());
        assertEquals(0, shard.pending.waiting());
    }

    @Test
    void slotsGrowAndEveryCallGetsItsOwnReply() {
        final int calls = 1000;
        final CompletableFuture<?>[] futures = new CompletableFuture<?>[calls];
        final long[] ids = new long[calls];
        for (int i = 0; i < calls; i++) {
            final CompletableFuture<Object> f = new CompletableFuture<>();
            futures[i] = f;
            ids[i] = register(f).correlationId;
        }
        assertEquals(calls, shard.pending.waiting());
        for (int i = calls - 1; i >= 0; i--) {
            reply(ids[i], i);
        }
        for (int i = 0; i < calls; i++) {
            assertEquals(i, futures[i].join());
        }
        assertEquals(0, shard.pending.waiting());
    }
}
