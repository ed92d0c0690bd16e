package io.grain.transport.aeron.membership;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossipCodecTest {
    private static final ClusterView VIEW = new ClusterView(List.of(
        new MemberRecord(1, 10, MemberStatus.ALIVE, true, "127.0.0.1:7001", "host:/dev/shm/a"),
        new MemberRecord(2, 20, MemberStatus.DEAD, true, "127.0.0.1:7002", "host:/dev/shm/b"),
        new MemberRecord(7, 70, MemberStatus.LEFT, false, "[::1]:7007", "host:/dev/shm/c")));

    @Test
    void gossipAndHeartbeatsRoundTrip() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final GossipCodec.Message message = new GossipCodec.Message();
        int length = GossipCodec.encodeGossip(buffer, 3, true, VIEW);
        GossipCodec.decode(buffer, 3, length, message);
        assertEquals(GossipCodec.KIND_GOSSIP, message.kind());
        assertTrue(message.replyWanted());
        assertEquals(VIEW.digest(), message.digest());
        assertEquals(VIEW.records(), message.records());

        length = GossipCodec.encodeHeartbeat(buffer, 0, 42, VIEW.records().get(2));
        GossipCodec.decode(buffer, 0, length, message);
        assertEquals(GossipCodec.KIND_HEARTBEAT, message.kind());
        assertEquals(42, message.digest());
        assertEquals(List.of(VIEW.records().get(2)), message.records());
    }

    @Test
    void everyTruncationIsMalformed() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = GossipCodec.encodeGossip(buffer, 0, false, VIEW);
        for (int n = 0; n < length; n++) {
            final int cut = n;
            assertThrows(MalformedMessageException.class,
                () -> GossipCodec.decode(buffer, 0, cut, new GossipCodec.Message()), "cut at " + cut);
        }
    }

    @Test
    void flippedAndRandomBytesEitherDecodeOrAreMalformed() {
        final Random random = new Random(4);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = GossipCodec.encodeGossip(buffer, 0, false, VIEW);
        final byte[] good = new byte[length];
        buffer.getBytes(0, good);
        for (int i = 0; i < 20_000; i++) {
            final byte[] bytes = i % 2 == 0 ? good.clone() : new byte[random.nextInt(64)];
            if (i % 2 == 0) {
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            } else {
                random.nextBytes(bytes);
                if (bytes.length > 0) {
                    bytes[0] = (byte)(1 + random.nextInt(2));
                }
            }
            try {
                GossipCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length, new GossipCodec.Message());
            } catch (final MalformedMessageException expected) {
                // counted and dropped by the transport
            }
        }
    }
}
