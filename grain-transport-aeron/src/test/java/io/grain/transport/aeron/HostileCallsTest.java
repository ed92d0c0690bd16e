package io.grain.transport.aeron;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.envelope.EnvelopeCodec;
import io.grain.runtime.wire.ProtoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls that arrive forged (with the key) at a grain member, and a call with no member to go to. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** {@code Tally.add}'s method id, as the generated dispatcher knows it. */
    static final int ADD = io.grain.transport.aeron.grains.TallyDispatcher.M_ADD.id();

    /** The bytes of a request {@code add(delta)} on tally {@code key}, naming {@code callerMember}/{@code callerShard}. */
    static byte[] addRequest(final String key, final int delta, final int callerMember, final int callerShard) {
        final Envelope e = new Envelope();
        e.type = Envelope.REQUEST;
        e.target = GrainId.of("tally", key);
        e.methodId = ADD;
        e.correlationId = 1;
        e.callerMember = callerMember;
        e.callerShard = callerShard;
        e.timeoutMillis = 10_000;
        e.writer.writeSInt32(1, delta);
        final ProtoWriter out = new ProtoWriter(128);
        EnvelopeCodec.encode(e, out);
        return out.toByteArray();
    }

    @Test
    void aRequestNamingThisMemberAsCallerWithAShardBeyondItsCountIsDropped() {
        try (GrainNode a = new GrainNode(TestMembers.context(0, "127.0.0.1:0").clusterKey(HostileFramesTest.KEY), 1);
             Rogue rogue = new Rogue(a.transport.endpoint())) {
            // before: the grain ran, then InboundCalls.sendReply threw ArrayIndexOutOfBoundsException in MemberRuntime.shard
            rogue.send(rogue.data, Rogue.signed(Frames.TYPE_DATA, 5, addRequest("forged", 5, 0, 7), HostileFramesTest.KEY));
            // a request that is fine (its reply goes nowhere) behind it, on the same stream and shard
            rogue.send(rogue.data, Rogue.signed(Frames.TYPE_DATA, 5, addRequest("marker", 100, 5, 0), HostileFramesTest.KEY));
            Await.until(WAIT, () -> a.tally("marker").add(0).join() == 100, () -> "the marker call ran");
            assertEquals(0, a.tally("forged").add(0).join(), "the forged request never ran");
        }
    }

    @Test
    void aCallWithNoLiveMemberToHostItNamesItsGrain() {
        try (GrainNode client = new GrainNode(TestMembers.context(100, "127.0.0.1:0"), 1, true)) {
            Await.until(WAIT, () -> client.transport.clusterView().isAlive(100), () -> "started");
            final CompletionException ex = assertThrows(CompletionException.class, () -> client.tally("lonely").add(1).join());
            assertInstanceOf(GrainUnavailableException.class, ex.getCause());
            // before: the envelope was released first, so the message read "no live member to host null"
            assertTrue(ex.getCause().getMessage().contains("lonely"), ex.getCause().getMessage());
            assertFalse(ex.getCause().getMessage().contains("null"), ex.getCause().getMessage());
            assertEquals(0, client.transport.membership().view().size(), "no hosting member");
        }
    }
}
