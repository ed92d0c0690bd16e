package io.grain.transport.aeron;

import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.ControlSender;
import io.grain.transport.aeron.membership.GossipCodec;
import io.grain.transport.aeron.membership.GossipMembership;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import io.grain.transport.aeron.membership.MembershipProvider;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Frames from someone who can reach a member's UDP endpoint: authentication, sender ids, a guarded duty cycle. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileFramesTest {
    static final ClusterKey KEY = ClusterKey.fromText("hostile-frames-test-key-0123456789");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static AeronTransport[] keyedPair(final TestMembers members) {
        final AeronTransport a = members.add(TestMembers.context(0, "127.0.0.1:0").clusterKey(KEY));
        final AeronTransport b = members.add(TestMembers.context(1, "127.0.0.1:0").clusterKey(KEY).seeds(a.endpoint()));
        members.awaitHostingView(List.of(a, b), 0, 1);
        Await.until(WAIT, () -> a.channelTo(1) != null && b.channelTo(0) != null, () -> "peers open");
        return new AeronTransport[] {a, b};
    }

    /** A gossip message carrying {@code records}, as a member would encode it. */
    static byte[] gossip(final MemberRecord... records) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = GossipCodec.encodeGossip(buffer, 0, false, new ClusterView(List.of(records)));
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    static MemberRecord forged(final int id) {
        return new MemberRecord(id, 1, MemberStatus.ALIVE, true, "127.0.0.1:9", "forged");
    }

    private static long count(final AeronTransport t, final TransportCounters.Id id) {
        return t.counters().get(id).get();
    }

    private static void assertStillServing(final AeronTransport[] ab) {
        final UnsafeBuffer hello = new UnsafeBuffer("still serving".getBytes());
        Await.until(WAIT, () -> ab[1].send(0, hello, 0, hello.capacity()) == Transport.SENT, () -> "send");
        final String[] got = {null};
        Await.until(WAIT, () -> {
            ab[0].poll((buffer, offset, length) -> got[0] = buffer.getStringWithoutLengthAscii(offset, length), 10);
            return got[0] != null;
        }, () -> "receive");
        assertEquals("still serving", got[0]);
    }

    @Test
    void aMemberOnANonLoopbackEndpointWithoutAKeyRefusesToStart() {
        assumeTrue(System.getenv(ClusterKey.ENVIRONMENT_VARIABLE) == null, "the environment gives a key");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> AeronTransport.launch(TestMembers.context(5, "10.255.1.2:7000")));
        assertTrue(ex.getMessage().contains("has no cluster key"), ex.getMessage());
        assertTrue(ex.getMessage().contains(ClusterKey.ENVIRONMENT_VARIABLE), ex.getMessage());
    }

    @Test
    void framesWithoutTheClusterKeyAreDroppedAndCountedBeforeAnyDecoding() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = keyedPair(members);
            final AeronTransport a = ab[0];
            try (Rogue rogue = new Rogue(a.endpoint())) {
                final byte[] body = gossip(forged(77));
                rogue.send(rogue.control, Rogue.frame(Frames.VERSION, Frames.TYPE_CONTROL, 77, body, null));      // no MAC
                rogue.send(rogue.control, Rogue.signed(Frames.TYPE_CONTROL, 77, body,
                    ClusterKey.fromText("not-the-cluster-key-at-all")));                                          // another key
                final byte[] tampered = Rogue.signed(Frames.TYPE_CONTROL, 77, body, KEY);
                tampered[Frames.HEADER_LENGTH + 20] ^= 1;                                                         // one bit changed
                rogue.send(rogue.control, tampered);
                rogue.send(rogue.data, Rogue.frame(Frames.VERSION_AUTHENTICATED, Frames.TYPE_DATA, 77, new byte[3], null)); // too short for a MAC
                Await.until(WAIT, () -> count(a, TransportCounters.Id.FRAMES_UNAUTHENTICATED) >= 4, () -> a.countersSnapshot().toString());
                assertEquals(4, count(a, TransportCounters.Id.FRAMES_UNAUTHENTICATED));
                assertEquals(0, count(a, TransportCounters.Id.MALFORMED_FRAMES), "dropped before anything was decoded");
                assertNull(a.clusterView().record(77));

                // the same message with the key is taken: the key is what made the difference
                rogue.send(rogue.control, Rogue.signed(Frames.TYPE_CONTROL, 77, gossip(forged(78)), KEY));
                Await.until(WAIT, () -> a.clusterView().record(78) != null, () -> a.clusterView().toString());
            }
            assertStillServing(ab);
        }
    }

    @Test
    void aMemberWithoutAKeyDropsSignedFramesAndKeyedMembersDropItsFrames() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport plain = members.add(TestMembers.context(0, "127.0.0.1:0"));
            final AeronTransport keyed = members.add(TestMembers.context(1, "127.0.0.1:0").clusterKey(KEY).seeds(plain.endpoint()));
            final AeronTransport plainToKeyed = members.add(TestMembers.context(2, "127.0.0.1:0").seeds(keyed.endpoint()));
            Await.until(WAIT, () -> count(plain, TransportCounters.Id.FRAMES_UNAUTHENTICATED) > 0
                && count(keyed, TransportCounters.Id.FRAMES_UNAUTHENTICATED) > 0, () -> plain.countersSnapshot() + " " + keyed.countersSnapshot());
            assertFalse(plain.clusterView().isAlive(1), "a member with a key never joins one without");
            assertFalse(keyed.clusterView().isAlive(2), "nor one without a key a member with one");
            assertFalse(plainToKeyed.clusterView().isAlive(1));
        }
    }

    @Test
    void aSenderIdOfMinusOneOrBeyondTheRangeIsDroppedAndCounted() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = keyedPair(members);
            final AeronTransport a = ab[0];
            try (Rogue rogue = new Rogue(a.endpoint())) {
                // before: the membership took the record, then the session map threw "cannot accept missingValue"
                rogue.send(rogue.control, Rogue.signed(Frames.TYPE_CONTROL, -1, gossip(forged(79)), KEY));
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_DATA, -1, new byte[] {8, 1}, KEY));
                rogue.send(rogue.control, Rogue.signed(Frames.TYPE_CONTROL, 1 << 24, gossip(forged(79)), KEY));
                rogue.send(rogue.control, Rogue.signed(Frames.TYPE_CONTROL, 0, gossip(forged(79)), KEY));   // a's own id
                Await.until(WAIT, () -> count(a, TransportCounters.Id.MALFORMED_FRAMES) >= 4, () -> a.countersSnapshot().toString());
            }
            assertNull(a.clusterView().record(79));
            assertEquals(0, count(a, TransportCounters.Id.DUTY_CYCLE_FAILURES));
            assertStillServing(ab);
        }
    }

    /** The body of a chunk frame: total length, offset, then {@code bytes}. */
    private static byte[] chunk(final int total, final int offset, final byte[] bytes) {
        final byte[] body = new byte[Frames.CHUNK_HEADER_LENGTH + bytes.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        Frames.writeChunkHeader(buffer, 0, total, offset);
        buffer.putBytes(Frames.CHUNK_HEADER_LENGTH, bytes);
        return body;
    }

    @Test
    void forgedAndBrokenChunkRunsAreDroppedAndCountedAndHoldBoundedMemory() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = keyedPair(members);
            final AeronTransport a = ab[0];
            final int max = AeronTransport.Context.DEFAULT_MAX_MESSAGE_SIZE;
            final byte[] piece = new byte[1000];
            try (Rogue rogue = new Rogue(a.endpoint())) {
                // a total over the maximum, refused before anything is allocated for it
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 77, chunk(max + 1, 0, piece), KEY));
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 77, chunk(Integer.MAX_VALUE, 0, piece), KEY));
                // a run with a gap: the partial message is dropped
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 77, chunk(3000, 0, piece), KEY));
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 77, chunk(3000, 2000, piece), KEY));
                // a chunk too short for its header
                rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 77, new byte[3], KEY));
                Await.until(WAIT, () -> count(a, TransportCounters.Id.MALFORMED_FRAMES) >= 4
                        && count(a, TransportCounters.Id.PARTIAL_MESSAGES_DROPPED) >= 1, () -> a.countersSnapshot().toString());

                // first chunks claiming the maximum from many senders: only MAX_PARTIALS are kept, each
                // holding what it sent (a few KiB), not the 16 MiB it claims; the longest waiting make room
                final long droppedBefore = count(a, TransportCounters.Id.PARTIAL_MESSAGES_DROPPED);
                for (int sender = 100; sender < 100 + Reassembler.MAX_PARTIALS + 5; sender++) {
                    rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, sender, chunk(max, 0, piece), KEY));
                }
                Await.until(WAIT, () -> count(a, TransportCounters.Id.PARTIAL_MESSAGES_DROPPED) >= droppedBefore + 5,
                    () -> a.countersSnapshot().toString());

                // a whole run from a sender that holds the key still arrives as one message
                final byte[] message = new byte[2500];
                new java.util.Random(5).nextBytes(message);
                for (int offset = 0; offset < message.length; offset += 1000) {
                    final byte[] part = java.util.Arrays.copyOfRange(message, offset, Math.min(message.length, offset + 1000));
                    rogue.send(rogue.data, Rogue.signed(Frames.TYPE_CHUNK, 78, chunk(message.length, offset, part), KEY));
                }
                final byte[][] got = {null};
                Await.until(WAIT, () -> {
                    a.poll((buffer, offset, length) -> {
                        got[0] = new byte[length];
                        buffer.getBytes(offset, got[0]);
                    }, 10);
                    return got[0] != null;
                }, () -> "the chunked message");
                org.junit.jupiter.api.Assertions.assertArrayEquals(message, got[0]);
            }
            assertEquals(0, count(a, TransportCounters.Id.DUTY_CYCLE_FAILURES));
            assertStillServing(ab);
        }
    }

    /** The default membership, except that it fails now and then, as a bug would. */
    private static final class FailingMembership implements MembershipProvider {
        private final GossipMembership gossip = new GossipMembership(List.of(), TimeUnit.MILLISECONDS.toNanos(100),
            TimeUnit.MILLISECONDS.toNanos(1500), TimeUnit.MILLISECONDS.toNanos(300));
        private int cycles;

        @Override
        public void start(final MemberRecord self, final ControlSender sender, final long nowNs) {
            gossip.start(self, sender, nowNs);
        }

        @Override
        public int doWork(final long nowNs) {
            if (++cycles % 1000 == 0) {
                throw new IllegalStateException("a bug in doWork");
            }
            return gossip.doWork(nowNs);
        }

        @Override
        public void onControlMessage(final int senderId, final DirectBuffer buffer, final int offset, final int length,
            final long nowNs) {
            if (cycles % 7 == 0) {
                throw new ArrayIndexOutOfBoundsException("a bug in onControlMessage");
            }
            gossip.onControlMessage(senderId, buffer, offset, length, nowNs);
        }

        @Override
        public int encodeIntroduction(final MutableDirectBuffer buffer, final int offset) {
            return gossip.encodeIntroduction(buffer, offset);
        }

        @Override
        public void onActivity(final int memberId, final long nowNs) {
            gossip.onActivity(memberId, nowNs);
        }

        @Override
        public void onImageLost(final int memberId, final long nowNs) {
            gossip.onImageLost(memberId, nowNs);
        }

        @Override
        public void declareDead(final int memberId, final long nowNs) {
            gossip.declareDead(memberId, nowNs);
        }

        @Override
        public void leave(final long nowNs) {
            gossip.leave(nowNs);
        }

        @Override
        public ClusterView view() {
            return gossip.view();
        }
    }

    @Test
    void aFailureInsideTheDutyCycleIsCountedAndTheCycleGoesOn() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport a = members.add(TestMembers.context(0, "127.0.0.1:0").membershipProvider(new FailingMembership()));
            final AeronTransport b = members.add(TestMembers.context(1, "127.0.0.1:0").seeds(a.endpoint()));
            members.awaitHostingView(List.of(a, b), 0, 1);
            Await.until(WAIT, () -> count(a, TransportCounters.Id.DUTY_CYCLE_FAILURES) >= 3, () -> a.countersSnapshot().toString());
            Await.until(WAIT, () -> a.channelTo(1) != null && b.channelTo(0) != null, () -> "peers open");
            assertStillServing(new AeronTransport[] {a, b});
            assertTrue(a.clusterView().isAlive(1));
        }
    }
}
