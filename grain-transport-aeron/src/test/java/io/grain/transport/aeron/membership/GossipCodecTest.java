package io.grain.transport.aeron.membership;

import io.grain.runtime.membership.MemberState;
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
        new MemberRecord(1, 10, MemberStatus.ALIVE, true, "127.0.0.1:7001", "host:/dev/shm/a",
            MemberState.EMPTY.with("role", "gateway").with("zone", "eu-1 ü")),
        new MemberRecord(3, 30, MemberStatus.ALIVE, false, "127.0.0.1:7003", "host:/dev/shm/d"),
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

    private static final byte[] ENDPOINT = "127.0.0.1:7001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] DRIVER = "d".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static MalformedMessageException malformedState(final MemberStatus status, final long version, final byte[] entries) {
        final byte[] bytes = Forge.gossip().record(1, 10, status, ENDPOINT, DRIVER, version, entries).bytes();
        return assertThrows(MalformedMessageException.class,
            () -> GossipCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length, new GossipCodec.Message()));
    }

    @Test
    void aFullStateRoundTripsAndFitsTheLargestRecord() {
        MemberState state = MemberState.EMPTY;
        for (int i = 0; i < 4; i++) {
            state = state.with("k".repeat(MemberState.MAX_KEY_BYTES - 1) + i, "v".repeat(MemberState.MAX_TOTAL_BYTES / 4 - MemberState.MAX_KEY_BYTES));
        }
        final MemberRecord r = new MemberRecord(5, 50, MemberStatus.ALIVE, true, "127.0.0.1:7005", "x".repeat(GossipCodec.MAX_STRING_LENGTH),
            state);
        assertTrue(GossipCodec.encodedLength(r) <= GossipCodec.MAX_RECORD_LENGTH);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = GossipCodec.encodeHeartbeat(buffer, 0, 1, r);
        assertEquals(9 + GossipCodec.encodedLength(r), length);
        final GossipCodec.Message message = new GossipCodec.Message();
        GossipCodec.decode(buffer, 0, length, message);
        assertEquals(r, message.records().get(0));
        assertEquals(state, message.records().get(0).state());

        assertEquals(state, GossipCodec.stateOf(state.version(), GossipCodec.stateEntries(state)));
        assertEquals(MemberState.EMPTY, GossipCodec.stateOf(0, GossipCodec.stateEntries(MemberState.EMPTY)));
    }

    @Test
    void statesBeyondTheBoundsOrOutOfOrderAreMalformed() {
        final byte[] ok = Forge.entry(4, "role", 4, "game");
        final byte[] bytes = Forge.gossip().record(1, 10, MemberStatus.ALIVE, ENDPOINT, DRIVER, 3, Forge.entries(1, ok)).bytes();
        final GossipCodec.Message message = new GossipCodec.Message();
        GossipCodec.decode(new UnsafeBuffer(bytes), 0, bytes.length, message);
        assertEquals("game", message.records().get(0).state().get("role"), "the forge writes what the codec reads");

        assertTrue(malformedState(MemberStatus.ALIVE, -1, Forge.entries(0)).getMessage().contains("negative"));
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(MemberState.MAX_KEYS + 1)).getMessage()
            .contains("keys exceeds"));
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(1, Forge.entry(0, "", 1, "v"))).getMessage()
            .contains("outside 1.."));
        final String longKey = "k".repeat(MemberState.MAX_KEY_BYTES + 1);
        malformedState(MemberStatus.ALIVE, 1, Forge.entries(1, Forge.entry(longKey.length(), longKey, 1, "v")));
        final String longValue = "v".repeat(MemberState.MAX_VALUE_BYTES + 1);
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(1, Forge.entry(1, "k", longValue.length(), longValue)))
            .getMessage().contains("exceeds " + MemberState.MAX_VALUE_BYTES));
        final byte[][] heavy = new byte[5][];
        for (int i = 0; i < heavy.length; i++) {
            heavy[i] = Forge.entry(2, "k" + i, MemberState.MAX_VALUE_BYTES, "v".repeat(MemberState.MAX_VALUE_BYTES));
        }
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(5, heavy)).getMessage()
            .contains("exceeds " + MemberState.MAX_TOTAL_BYTES));
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(2, Forge.entry(1, "b", 0, ""), Forge.entry(1, "a", 0, "")))
            .getMessage().contains("ascending"));
        assertTrue(malformedState(MemberStatus.ALIVE, 1, Forge.entries(2, Forge.entry(1, "a", 0, ""), Forge.entry(1, "a", 0, "")))
            .getMessage().contains("ascending"), "a key twice");
        assertTrue(malformedState(MemberStatus.DEAD, 2, Forge.entries(1, ok)).getMessage().contains("carries a member state"));
        final byte[] badUtf8 = Forge.entries(1, Forge.entry(1, "k", 1, "v"));
        badUtf8[2] = (byte)0xC3;
        assertTrue(malformedState(MemberStatus.ALIVE, 1, badUtf8).getMessage().contains("UTF-8"));
        malformedState(MemberStatus.ALIVE, 1, Forge.entries(2, ok));

        final byte[] trailing = java.util.Arrays.copyOf(GossipCodec.stateEntries(MemberState.EMPTY.with("k", "v")), 8);
        assertThrows(MalformedMessageException.class, () -> GossipCodec.stateOf(1, trailing));
        assertThrows(MalformedMessageException.class, () -> GossipCodec.stateOf(1, new byte[] {1, 1}));
    }

    @Test
    void aStateChangeMovesTheDigestButNotTheVersionAndTombstonesDropTheState() {
        final MemberRecord a = new MemberRecord(1, 10, MemberStatus.ALIVE, true, "127.0.0.1:7001", "d");
        final MemberRecord b = a.withState(MemberState.EMPTY.with("role", "game"));
        final ClusterView before = new ClusterView(List.of(a));
        final ClusterView after = new ClusterView(List.of(b));
        assertEquals(before.version(), after.version(), "a state is no change of placement");
        assertTrue(before.digest() != after.digest(), "gossip must see the change");
        assertEquals("game", after.members().get(0).get("role"));
        assertTrue(b.supersedes(a));
        assertTrue(!a.supersedes(b));
        final MemberRecord dead = b.withStatus(MemberStatus.DEAD);
        assertEquals(MemberState.EMPTY, dead.state());
        assertTrue(dead.supersedes(b));
        assertEquals(List.of(), new ClusterView(List.of(dead)).members(), "a dead member and its state are gone");
    }
}
