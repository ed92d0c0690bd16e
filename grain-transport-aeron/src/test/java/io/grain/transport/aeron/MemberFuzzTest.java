package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member under a fuzzer: well over 100,000 malformed or forged frames of every kind issue 15
 * found (random bytes, broken MACs, frames without the key or with another, invalid UTF-8,
 * unparseable endpoints and port 0, LEFT at the largest incarnation, its own incarnation pushed up,
 * rumours above what a member announced, tables over the bound, ids out of range, callers with
 * shards they lack, garbage behind a valid MAC), from a fixed seed. Afterwards it is alive, real
 * calls succeed both ways, its table holds only the real members, its memory did not grow with
 * the input, and the fuzz left no ERROR and fewer than a hundred lines in the log.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemberFuzzTest {
    private static final ClusterKey KEY = HostileFramesTest.KEY;
    private static final ClusterKey WRONG_KEY = ClusterKey.fromText("some other cluster's key 123456");
    private static final int FRAMES = 120_000;
    private static final int MAX_MEMBERS = 64;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final List<String> BAD_ENDPOINTS = List.of("127.0.0.1:x", ":7000", "127.0.0.1:-5", "127.0.0.1:0",
        "127.0.0.1:65536", "host", "a|b:1", "[::1:7000", "");

    private final Random random = new Random(15);
    private int forgedIds = 10_000;

    /** No member state: version 0, no keys. */
    private static final byte[] NO_STATE = new byte[9];

    /** A record without member state, encoded by hand so that it may break any rule. */
    private static void record(final ExpandableArrayBuffer b, final int[] at, final int id, final long incarnation,
        final int status, final byte[] endpoint, final byte[] driverKey) {
        record(b, at, id, incarnation, status, endpoint, driverKey, NO_STATE);
    }

    /** A record whose member state is {@code state} as given (i64 version, u8 count, entries). */
    private static void record(final ExpandableArrayBuffer b, final int[] at, final int id, final long incarnation,
        final int status, final byte[] endpoint, final byte[] driverKey, final byte[] state) {
        b.putInt(at[0], id, ORDER);
        b.putLong(at[0] + 4, incarnation, ORDER);
        b.putByte(at[0] + 12, (byte)status);
        b.putByte(at[0] + 13, (byte)1);
        at[0] += 14;
        b.putShort(at[0], (short)endpoint.length, ORDER);
        b.putBytes(at[0] + 2, endpoint);
        at[0] += 2 + endpoint.length;
        b.putShort(at[0], (short)driverKey.length, ORDER);
        b.putBytes(at[0] + 2, driverKey);
        at[0] += 2 + driverKey.length;
        b.putBytes(at[0], state);
        at[0] += state.length;
    }

    /** A member state of version 1 whose one key is invalid UTF-8, too long, or claims more bytes than there are. */
    private byte[] hostileState() {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64);
        b.putLong(0, 1, ORDER);
        b.putByte(8, (byte)1);
        final int keyLength = random.nextBoolean() ? 3 : 65 + random.nextInt(190);
        b.putByte(9, (byte)keyLength);
        for (int i = 0; i < 3; i++) {
            b.putByte(10 + i, (byte)(0x80 | random.nextInt(0x40)));
        }
        b.putShort(13, (short)random.nextInt(1 << 16), ORDER);
        return Arrays.copyOf(b.byteArray(), 15);
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A gossip body of {@code count} records made by {@code each} (given the record's index). */
    private static byte[] gossip(final int count, final RecordMaker each) {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(256);
        b.putByte(0, (byte)2);
        b.putByte(1, (byte)0);
        b.putLong(2, 0, ORDER);
        b.putInt(10, count, ORDER);
        final int[] at = {14};
        for (int i = 0; i < count; i++) {
            each.make(b, at, i);
        }
        return Arrays.copyOf(b.byteArray(), at[0]);
    }

    private interface RecordMaker {
        void make(ExpandableArrayBuffer b, int[] at, int index);
    }

    private byte[] validForgedGossip() {
        final int id = forgedIds++;
        return gossip(1, (b, at, i) -> record(b, at, id, 5, 0, ascii("127.0.0.1:9"), ascii("forged")));
    }

    private byte[] randomBytes(final int max) {
        final byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One frame of kind {@code kind}; returns it with the publication (true: control stream) in {@code control}. */
    private byte[] frame(final int kind, final boolean[] control, final MemberRecord a, final MemberRecord b) {
        control[0] = true;
        final long now = System.currentTimeMillis();
        switch (kind) {
            case 0 -> {                                 // random bytes, no header to speak of
                control[0] = random.nextBoolean();
                return randomBytes(120);
            }
            case 1 -> {                                 // a valid signed frame with one bit flipped, or two bytes changed
                final byte[] f = Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), validForgedGossip(), KEY);
                final int first = random.nextInt(f.length);
                f[first] ^= (byte)(1 << random.nextInt(8));
                if (random.nextBoolean()) {
                    final int second = (first + 1 + random.nextInt(f.length - 1)) % f.length;   // never the same byte
                    f[second] ^= (byte)(1 + random.nextInt(255));
                }
                return f;
            }
            case 2 -> {                                 // without the key
                return Rogue.frame(Frames.VERSION, Frames.TYPE_CONTROL, b.memberId(), validForgedGossip(), null);
            }
            case 3 -> {                                 // with another cluster's key
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), validForgedGossip(), WRONG_KEY);
            }
            case 4 -> {                                 // invalid UTF-8 in the driver key, or a hostile member state
                final byte[] bad = new byte[1 + random.nextInt(600)];
                Arrays.fill(bad, (byte)(0x80 | random.nextInt(0x40)));
                final int id = forgedIds++;
                if (random.nextBoolean()) {
                    final byte[] state = hostileState();
                    return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(),
                        gossip(1, (buf, at, i) -> record(buf, at, id, 5, 0, ascii("127.0.0.1:9"), ascii("d"), state)), KEY);
                }
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(),
                    gossip(1, (buf, at, i) -> record(buf, at, id, 5, 0, ascii("127.0.0.1:9"), bad)), KEY);
            }
            case 5 -> {                                 // unparseable endpoints, port 0
                final byte[] endpoint = ascii(BAD_ENDPOINTS.get(random.nextInt(BAD_ENDPOINTS.size())));
                final int id = forgedIds++;
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(),
                    gossip(1, (buf, at, i) -> record(buf, at, id, 5, 0, endpoint, ascii("forged"))), KEY);
            }
            case 6 -> {                                 // LEFT at the largest incarnation, for a real member or another
                final int id = random.nextBoolean() ? (random.nextBoolean() ? a.memberId() : b.memberId()) : forgedIds++;
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(),
                    gossip(1, (buf, at, i) -> record(buf, at, id, Long.MAX_VALUE, 2, ascii("127.0.0.1:9"), ascii("d"))), KEY);
            }
            case 7 -> {                                 // the member's own incarnation pushed out of reach
                final long incarnation = random.nextBoolean() ? MemberRecord.MAX_INCARNATION : now + TimeUnit.DAYS.toMillis(2 + random.nextInt(1000));
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), gossip(1, (buf, at, i) -> record(buf, at, a.memberId(),
                    incarnation, random.nextInt(3), ascii(a.endpoint()), ascii(a.driverKey()))), KEY);
            }
            case 8 -> {                                 // a table over the bound: forged live members
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), gossip(MAX_MEMBERS + 1 + random.nextInt(200),
                    (buf, at, i) -> record(buf, at, 20_000 + i, 5, 0, ascii("10.9.0.1:7000"), ascii("f"))), KEY);
            }
            case 9 -> {                                 // a request naming the member as caller, with a shard it lacks
                control[0] = false;
                return Rogue.signed(Frames.TYPE_DATA, b.memberId(),
                    HostileCallsTest.addRequest("fuzz" + random.nextInt(1000), 1, a.memberId(), 2 + random.nextInt(10_000)), KEY);
            }
            case 10 -> {                                // sender ids out of range, or the member's own
                final int[] senders = {-1, 1 << 24, Integer.MIN_VALUE, a.memberId()};
                control[0] = random.nextBoolean();
                return Rogue.signed(control[0] ? Frames.TYPE_CONTROL : Frames.TYPE_DATA, senders[random.nextInt(senders.length)],
                    validForgedGossip(), KEY);
            }
            case 11 -> {                                // a rumour: b at an incarnation b never announced
                final long incarnation = b.incarnation() + 1 + random.nextInt(1000);
                return Rogue.signed(Frames.TYPE_CONTROL, a.memberId() + 7, gossip(1, (buf, at, i) -> record(buf, at, b.memberId(),
                    incarnation, random.nextInt(3), ascii(b.endpoint()), ascii(b.driverKey()))), KEY);
            }
            case 12 -> {                                // garbage behind a valid MAC: membership
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), randomBytes(200), KEY);
            }
            case 13 -> {                                // garbage behind a valid MAC: data (envelopes)
                control[0] = false;
                final byte[] body = randomBytes(100);
                if (body.length > 0) {
                    body[0] = (byte)0xFF;               // not a valid first tag, so never a real call
                }
                return Rogue.signed(Frames.TYPE_DATA, b.memberId(), body, KEY);
            }
            case 14 -> {                                // member ids out of range
                final int id = random.nextBoolean() ? -1 - random.nextInt(1000) : (1 << 24) + random.nextInt(1000);
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(),
                    gossip(1, (buf, at, i) -> record(buf, at, id, 5, 0, ascii("127.0.0.1:9"), ascii("d"))), KEY);
            }
            default -> {                                // a gossip that claims more records than it carries
                final byte[] body = validForgedGossip();
                new org.agrona.concurrent.UnsafeBuffer(body).putInt(10, 2 + random.nextInt(Integer.MAX_VALUE - 2), ORDER);
                return Rogue.signed(Frames.TYPE_CONTROL, b.memberId(), body, KEY);
            }
        }
    }

    /** Where {@code member}'s driver has consumed the image of {@code publication} (its subscriber position). */
    private static long consumed(final CountersReader counters, final ExclusivePublication publication) {
        final long[] position = {-1};
        counters.forEach((counterId, typeId, key, label) -> {
            if (typeId == AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID
                && key.getInt(8) == publication.sessionId() && key.getInt(12) == publication.streamId()) {
                position[0] = Math.max(position[0], counters.getCounterValue(counterId));
            }
        });
        return position[0];
    }

    private static long usedHeapAfterGc() {
        final Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Copies everything to {@code to} and keeps it in {@code copy}: what the log shows while the fuzz runs. */
    private static PrintStream tee(final PrintStream to, final ByteArrayOutputStream copy) {
        return new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(final int b) {
                to.write(b);
                copy.write(b);
            }

            @Override
            public synchronized void write(final byte[] b, final int off, final int len) {
                to.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Test
    void aMemberUnderAHundredThousandMalformedAndForgedFramesStaysWholeAndQuiet() {
        final AeronTransport.Context ctxA = TestMembers.context(0, "127.0.0.1:0").clusterKey(KEY).maxMembers(MAX_MEMBERS);
        try (GrainNode a = new GrainNode(ctxA, 2);
             GrainNode b = new GrainNode(TestMembers.context(1, "127.0.0.1:0").clusterKey(KEY).maxMembers(MAX_MEMBERS)
                 .seeds(a.transport.endpoint()), 2)) {
            Await.until(WAIT, () -> a.transport.membership().view().size() == 2 && b.transport.membership().view().size() == 2,
                () -> "views " + a.transport.clusterView() + " " + b.transport.clusterView());
            assertEquals(1, (int)a.tally(keyOwnedBy(a, 1)).host().join(), "a call from a to b");
            final MemberRecord recordA = a.transport.clusterView().record(0);
            final MemberRecord recordB = a.transport.clusterView().record(1);
            final long heapBefore = usedHeapAfterGc();

            final PrintStream err = System.err;
            final ByteArrayOutputStream log = new ByteArrayOutputStream();
            System.setErr(tee(err, log));
            try (Rogue rogue = new Rogue(a.transport.endpoint());
                 Aeron observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(a.transport.aeronDirectoryName()))) {
                final boolean[] control = new boolean[1];
                for (int i = 0; i < FRAMES; i++) {
                    final byte[] frame = frame(i % 16, control, recordA, recordB);
                    rogue.send(control[0] ? rogue.control : rogue.data, frame);
                }
                // every frame taken in: a's driver shows its subscriptions at the rogue's positions
                final CountersReader counters = observer.countersReader();
                Await.until(WAIT, () -> consumed(counters, rogue.data) >= rogue.data.position()
                    && consumed(counters, rogue.control) >= rogue.control.position(), () -> "frames consumed");
            } finally {
                System.setErr(err);
            }

            // alive, and real calls succeed both ways, to grains on either member
            for (int i = 0; i < 20; i++) {
                final String key = "after" + i;
                assertEquals(i + 1, (int)a.tally(key).add(i + 1).join());
                assertEquals(i + 2, (int)b.tally(key).add(1).join());
            }
            assertEquals(0, (int)b.tally(keyOwnedBy(b, 0)).host().join(), "a call from b to a");
            // only the real members, alive, at incarnations they announced themselves
            for (final GrainNode n : List.of(a, b)) {
                final var records = n.transport.clusterView().records();
                assertEquals(List.of(0, 1), records.stream().map(MemberRecord::memberId).toList(), n.transport.clusterView().toString());
                assertTrue(records.stream().allMatch(MemberRecord::alive), n.transport.clusterView().toString());
            }
            assertEquals(recordB.incarnation(), a.transport.clusterView().record(1).incarnation(), "no rumour raised b");
            assertTrue(a.transport.clusterView().record(0).incarnation() < System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
            // counted, every kind
            final var snapshot = a.transport.countersSnapshot();
            assertTrue(snapshot.get(TransportCounters.Id.MALFORMED_FRAMES.label()) > FRAMES / 4, snapshot.toString());
            assertTrue(snapshot.get(TransportCounters.Id.FRAMES_UNAUTHENTICATED.label()) > FRAMES / 8, snapshot.toString());
            assertTrue(snapshot.get(TransportCounters.Id.RECORDS_REFUSED.label()) > 0, snapshot.toString());
            assertEquals(0L, snapshot.get(TransportCounters.Id.DUTY_CYCLE_FAILURES.label()), snapshot.toString());
            // memory did not grow with the input (the frames alone were megabytes of forged members)
            final long grown = usedHeapAfterGc() - heapBefore;
            assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown + " bytes");
            // the log: no ERROR, and a handful of rate-limited lines rather than one per frame
            final List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.stream().noneMatch(l -> l.contains(" ERROR ")), String.join("\n", lines));
            assertTrue(lines.size() < 100, lines.size() + " lines:\n" + String.join("\n", lines));
        }
    }

    private static String keyOwnedBy(final GrainNode n, final int member) {
        for (int i = 0; ; i++) {
            final String key = "k" + i;
            if (io.grain.runtime.placement.RendezvousPlacement.owner(io.grain.runtime.GrainId.of("tally", key),
                n.transport.membership().view()) == member) {
                return key;
            }
        }
    }
}
