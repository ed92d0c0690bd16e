package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.membership.MemberRecord;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport on its own: frames, limits, back pressure, counters, restarts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static AeronTransport[] pair(final TestMembers members) {
        final AeronTransport a = members.add(TestMembers.context(0, "127.0.0.1:0"));
        final AeronTransport b = members.add(TestMembers.context(1, "127.0.0.1:0").seeds(a.endpoint()));
        members.awaitHostingView(List.of(a, b), 0, 1);
        Await.until(WAIT, () -> a.channelTo(1) != null && b.channelTo(0) != null, () -> "peers open");
        return new AeronTransport[] {a, b};
    }

    private static List<byte[]> receive(final AeronTransport t, final int count) {
        final List<byte[]> got = new ArrayList<>();
        Await.until(WAIT, () -> {
            t.poll((buffer, offset, length) -> {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                got.add(bytes);
            }, 100);
            return got.size() >= count;
        }, () -> "received " + got.size() + " of " + count);
        return got;
    }

    @Test
    void malformedAndTruncatedFramesAreCountedAndDroppedAndTheMemberKeepsServing() {
        final String dir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, "grain-test-rogue-" + UUID.randomUUID()).getPath();
        try (TestMembers members = new TestMembers();
             MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir)
                 .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true).termBufferSparseFile(true));
             Aeron rogue = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()))) {
            final AeronTransport[] ab = pair(members);
            final AeronTransport a = ab[0];
            final ExclusivePublication publication = rogue.addExclusivePublication(
                "aeron:udp?endpoint=" + a.endpoint(), AeronTransport.Context.DEFAULT_STREAM_ID);
            Await.until(WAIT, publication::isConnected, () -> "rogue publication connected");

            final List<byte[]> frames = new ArrayList<>();
            frames.add(new byte[] {1, 2, 3});                                   // shorter than a header
            frames.add(new byte[] {0, 0, 1, 1, 0, 0, 0, 0});                    // bad magic
            frames.add(header(Frames.VERSION, (byte)9, 77, 0));                  // unknown type
            frames.add(header((byte)7, Frames.TYPE_DATA, 77, 4));                // unknown version
            frames.add(header(Frames.VERSION, Frames.TYPE_CONTROL, 77, 0));      // empty membership message
            final byte[] truncatedGossip = header(Frames.VERSION, Frames.TYPE_CONTROL, 77, 6);
            truncatedGossip[8] = 2;                                              // gossip, cut short
            frames.add(truncatedGossip);
            final byte[] lyingGossip = header(Frames.VERSION, Frames.TYPE_CONTROL, 77, 14);
            lyingGossip[8] = 2;
            new UnsafeBuffer(lyingGossip).putInt(8 + 10, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN); // claims 2^31 records
            frames.add(lyingGossip);
            for (final byte[] frame : frames) {
                Await.until(WAIT, () -> publication.offer(new UnsafeBuffer(frame)) > 0, () -> "rogue offer");
            }
            Await.until(WAIT, () -> a.counters().get(TransportCounters.Id.MALFORMED_FRAMES).get() >= frames.size(),
                () -> "malformed " + a.countersSnapshot());
            assertEquals(frames.size(), a.counters().get(TransportCounters.Id.MALFORMED_FRAMES).get());

            final UnsafeBuffer hello = new UnsafeBuffer("still serving".getBytes());
            assertEquals(Transport.SENT, ab[1].send(0, hello, 0, hello.capacity()));
            assertEquals("still serving", new String(receive(a, 1).get(0)));
            assertTrue(a.clusterView().isAlive(1));
            assertFalse(a.clusterView().isAlive(77));
        } finally {
            IoUtil.delete(new File(dir), true);
        }
    }

    private static byte[] header(final byte version, final byte type, final int sender, final int bodyLength) {
        final byte[] frame = new byte[Frames.HEADER_LENGTH + bodyLength];
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        Frames.writeHeader(buffer, 0, version, type, sender);
        return frame;
    }

    @Test
    void messagesUpToTheMaximumArriveAndLargerOnesFailClearly() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = pair(members);
            final int max = ab[0].maxMessageSize();
            final byte[] largest = new byte[max];
            new java.util.Random(7).nextBytes(largest);
            Await.until(WAIT, () -> ab[0].send(1, new UnsafeBuffer(largest), 0, max) == Transport.SENT, () -> "send");
            org.junit.jupiter.api.Assertions.assertArrayEquals(largest, receive(ab[1], 1).get(0));

            final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> ab[0].send(1, new UnsafeBuffer(new byte[max + 1]), 0, max + 1));
            assertTrue(tooLarge.getMessage().contains("exceeds the maximum message size of " + max), tooLarge.getMessage());
            final UnsafeBuffer one = new UnsafeBuffer(new byte[1]);
            assertEquals(Transport.NOT_CONNECTED, ab[0].send(99, one, 0, 1), "no such member");
            ab[1].close();
            assertEquals(Transport.CLOSED, ab[1].send(0, one, 0, 1));
        }
    }

    @Test
    void largeAndSmallMessagesBetweenKeyedMembersArriveWholeAndInTheOrderSent() {
        try (TestMembers members = new TestMembers()) {
            final ClusterKey key = ClusterKey.fromText("large-messages-test-key-0123456789");
            final AeronTransport a = members.add(TestMembers.context(0, "127.0.0.1:0").clusterKey(key));
            final AeronTransport b = members.add(TestMembers.context(1, "127.0.0.1:0").clusterKey(key).seeds(a.endpoint()));
            members.awaitHostingView(List.of(a, b), 0, 1);
            Await.until(WAIT, () -> a.channelTo(1) != null && b.channelTo(0) != null, () -> "peers open");

            // large (signed chunks of 16 KiB frames), small, large, small, and one to itself: each send
            // waits out back pressure (two large-message slots per peer), the order holds
            final java.util.Random random = new java.util.Random(11);
            final List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                final byte[] message = new byte[i % 2 == 0 ? 1024 * 1024 + i : 100 + i];
                random.nextBytes(message);
                sent.add(message);
                Await.until(WAIT, () -> a.send(1, new UnsafeBuffer(message), 0, message.length) == Transport.SENT, () -> "send");
            }
            final List<byte[]> got = receive(b, sent.size());
            assertEquals(sent.size(), got.size());
            for (int i = 0; i < sent.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(sent.get(i), got.get(i), "message " + i);
            }
            final byte[] reply = new byte[1024 * 1024];
            random.nextBytes(reply);
            Await.until(WAIT, () -> b.send(0, new UnsafeBuffer(reply), 0, reply.length) == Transport.SENT, () -> "reply");
            org.junit.jupiter.api.Assertions.assertArrayEquals(reply, receive(a, 1).get(0), "and the other way");
            Await.until(WAIT, () -> a.send(0, new UnsafeBuffer(reply), 0, reply.length) == Transport.SENT, () -> "to itself");
            org.junit.jupiter.api.Assertions.assertArrayEquals(reply, receive(a, 1).get(0), "a large message to itself");

            assertEquals(0, a.counters().get(TransportCounters.Id.FRAMES_UNAUTHENTICATED).get()
                + b.counters().get(TransportCounters.Id.FRAMES_UNAUTHENTICATED).get(), "every chunk carried a valid MAC");
            assertEquals(0, b.counters().get(TransportCounters.Id.PARTIAL_MESSAGES_DROPPED).get());
            assertTrue(b.counters().get(TransportCounters.Id.MESSAGES_RECEIVED).get() >= 6);
        }
    }

    @Test
    void aReceiverThatDoesNotPollPushesBackOnTheSenderWithoutLossOrUnboundedBuffering() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = pair(members);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[1024]);
            final int[] sent = {0};
            Await.until(WAIT, () -> {
                message.putInt(0, sent[0]);
                final int result = ab[0].send(1, message, 0, message.capacity());
                if (result == Transport.SENT) {
                    sent[0]++;
                    return false;
                }
                assertEquals(Transport.BACK_PRESSURED, result);
                return true;
            }, () -> "back pressure after " + sent[0] + " messages");
            assertTrue(ab[0].counters().get(TransportCounters.Id.BACK_PRESSURE_EVENTS).get() > 0);
            final List<byte[]> got = receive(ab[1], sent[0]);
            assertEquals(sent[0], got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, new UnsafeBuffer(got.get(i)).getInt(0), "in order, none lost");
            }
            // membership runs on its own stream: a member that falls behind on data still hears heartbeats
            assertTrue(ab[1].clusterView().isAlive(0), "the stalled receiver still sees the sender alive");
            assertTrue(ab[0].clusterView().isAlive(1), "the sender still sees the stalled receiver alive");
        }
    }

    @Test
    void countersAreReadableThroughTheDriverLikeAeronStatDoes() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport a = pair(members)[0];
            try (Aeron reader = Aeron.connect(new Aeron.Context().aeronDirectoryName(a.aeronDirectoryName()))) {
                Await.until(WAIT, () -> {
                    final Map<String, Long> labels = new HashMap<>();
                    reader.countersReader().forEach((value, id, label) -> labels.put(label, value));
                    final Long version = labels.get("grain member 0: " + TransportCounters.Id.VIEW_VERSION.label());
                    final Long live = labels.get("grain member 0: " + TransportCounters.Id.LIVE_MEMBERS.label());
                    return version != null && version == a.clusterView().version() && live != null && live == 2;
                }, () -> "grain counters in the driver's counters file");
            }
        }
    }

    @Test
    void aMemberRestartedAtTheSameAddressRejoinsAsANewIncarnation() {
        try (TestMembers members = new TestMembers()) {
            final AeronTransport[] ab = pair(members);
            final String endpoint = ab[1].endpoint();
            final long first = ab[0].clusterView().record(1).incarnation();
            ab[1].kill();
            members.awaitHostingView(List.of(ab[0]), 0);
            final AeronTransport again = members.add(TestMembers.context(1, endpoint).seeds(ab[0].endpoint())
                .incarnation(first + 1));
            members.awaitHostingView(List.of(ab[0], again), 0, 1);
            final MemberRecord record = ab[0].clusterView().record(1);
            assertEquals(first + 1, record.incarnation());
            assertEquals(endpoint, record.endpoint());
            Await.until(WAIT, () -> again.channelTo(0) != null, () -> "peer open");
            final UnsafeBuffer hello = new UnsafeBuffer("welcome back".getBytes());
            Await.until(WAIT, () -> ab[0].send(1, hello, 0, hello.capacity()) == Transport.SENT, () -> "send");
            assertEquals("welcome back", new String(receive(again, 1).get(0)));
        }
    }
}
