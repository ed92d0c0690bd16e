package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.grains.Blob;
import io.grain.runtime.grains.BlobDispatcher;
import io.grain.runtime.grains.BlobGrain;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.runtime.transport.Transport;
import io.grain.testing.TestCluster;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls and replies far larger than an in-JVM inbox's own limit, up to the maximum message size. */
class LargeMessagesTest {
    private static final int MIB = 1024 * 1024;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.builder().members(2).register(Blob.class, BlobGrain::new).start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aOneMebibyteArgumentAndAOneMebibyteReplyCrossMembers() {
        final Blob remote = cluster.grains(0).get(Blob.class, keyOwnedBy(1));
        final byte[] data = random(MIB, 1);
        final byte[] reply = Await.result(remote.reversed(data));
        assertEquals(MIB, reply.length);
        for (int i = 0; i < data.length; i++) {
            if (reply[i] != data[MIB - 1 - i]) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
        final byte[] counted = Await.result(remote.bytes(MIB));
        for (int i = 0; i < MIB; i++) {
            if (counted[i] != (byte)i) {
                throw new AssertionError("reply byte " + i + " differs");
            }
        }
    }

    @Test
    void largeAndSmallCallsInterleaveWithoutLossOrCorruption() {
        final Blob remote = cluster.grains(0).get(Blob.class, keyOwnedBy(1));
        final List<java.util.concurrent.CompletableFuture<String>> digests = new ArrayList<>();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // more large messages than an endpoint has slots for: the rest wait, back-pressured
            final byte[] data = random(i % 2 == 0 ? 300_000 + i : 10 + i, i);
            long sum = 0;
            for (final byte b : data) {
                sum += b;
            }
            expected.add(data.length + ":" + sum);
            digests.add(remote.digest(data));
        }
        for (int i = 0; i < digests.size(); i++) {
            assertEquals(expected.get(i), Await.result(digests.get(i)));
        }
    }

    @Test
    void anArgumentJustUnderTheMaximumGoesAndOneOverItFailsTheCallClearlyAndTheMembersStayHealthy() {
        final Blob remote = cluster.grains(0).get(Blob.class, keyOwnedBy(1));
        // the envelope around the argument adds a few dozen bytes
        assertEquals(16 * MIB - 1024 + ":0", Await.result(remote.digest(new byte[16 * MIB - 1024])));

        final GrainException e = Await.failure(remote.digest(new byte[16 * MIB]), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("exceeds the maximum message size of " + 16 * MIB + " bytes"), e.errorMessage());
        assertEquals("3:6", Await.result(remote.digest(new byte[] {1, 2, 3})), "the call after it works");
        assertEquals(MIB, Await.result(remote.bytes(MIB)).length, "and so do large ones");
    }

    @Test
    void aReplyOverTheMaximumFailsTheCallNamingTheLimit() {
        final Blob remote = cluster.grains(0).get(Blob.class, keyOwnedBy(1));
        final GrainException e = Await.failure(remote.bytes(16 * MIB), GrainException.class);
        assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        assertTrue(e.errorMessage().contains("bytes(int)") && e.errorMessage().contains("exceeds the maximum message size"),
            e.errorMessage());
        assertEquals(10, Await.result(remote.bytes(10)).length, "the grain still answers");
    }

    @Test
    void aClusterConfiguredWithASmallerMaximumRefusesWhatIsOverIt() {
        try (TestCluster small = TestCluster.builder().members(2).maxMessageSize(2 * MIB)
            .register(Blob.class, BlobGrain::new).start()) {
            String key = null;
            for (int i = 0; key == null; i++) {
                if (small.ownerOf(GrainId.of(BlobDispatcher.KIND, "blob" + i)) == 1) {
                    key = "blob" + i;
                }
            }
            final Blob remote = small.grains(0).get(Blob.class, key);
            assertEquals(MIB + ":0", Await.result(remote.digest(new byte[MIB])));
            final GrainException e = Await.failure(remote.digest(new byte[3 * MIB]), GrainException.class);
            assertTrue(e.errorMessage().contains("exceeds the maximum message size of " + 2 * MIB + " bytes"), e.errorMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TestCluster.builder().maxMessageSize(0));
    }

    @Test
    void theInJvmTransportCarriesExactlyTheMaximumAndRefusesOneByteMore() {
        final InJvmNetwork network = new InJvmNetwork(1 << 16, 16 * MIB);
        final Transport a = network.open(0);
        final Transport b = network.open(1);
        final byte[] largest = random(16 * MIB, 3);
        assertEquals(Transport.SENT, a.send(1, new UnsafeBuffer(largest), 0, largest.length));
        final byte[] small = {42};
        assertEquals(Transport.SENT, a.send(1, new UnsafeBuffer(small), 0, 1));
        final List<byte[]> got = new ArrayList<>();
        b.poll((buffer, offset, length) -> {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            got.add(copy);
        }, 10);
        assertEquals(2, got.size());
        assertArrayEquals(largest, got.get(0));
        assertArrayEquals(small, got.get(1), "in the order sent");

        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
            () -> a.send(1, new UnsafeBuffer(new byte[16 * MIB + 1]), 0, 16 * MIB + 1));
        assertEquals("message of " + (16 * MIB + 1) + " bytes to member 1 exceeds the maximum message size of "
            + 16 * MIB + " bytes (InJvmNetwork maxMessageSize)", tooLarge.getMessage());
    }

    @Test
    void largeMessagesWaitingForTheReceiverAreBoundedBySlotsAndBackPressureTheSender() {
        final InJvmNetwork network = new InJvmNetwork(1 << 16, MIB);
        final Transport a = network.open(0);
        final Transport b = network.open(1);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[100_000]);
        for (int i = 0; i < InJvmNetwork.LARGE_MESSAGE_SLOTS; i++) {
            message.putInt(0, i);
            assertEquals(Transport.SENT, a.send(1, message, 0, message.capacity()));
        }
        assertEquals(Transport.BACK_PRESSURED, a.send(1, message, 0, message.capacity()), "every slot taken");
        final List<Integer> got = new ArrayList<>();
        b.poll((buffer, offset, length) -> got.add(buffer.getInt(offset)), 100);
        assertEquals(List.of(0, 1, 2, 3), got);
        assertEquals(Transport.SENT, a.send(1, message, 0, message.capacity()), "slots free again once received");
    }

    private String keyOwnedBy(final int member) {
        for (int i = 0; ; i++) {
            if (cluster.ownerOf(GrainId.of(BlobDispatcher.KIND, "blob" + i)) == member) {
                return "blob" + i;
            }
        }
    }

    private static byte[] random(final int length, final long seed) {
        final byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
