package io.grain.codegen;

import io.grain.codegen.Runs.Mixed;
import io.grain.runtime.wire.ProtoWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated client and codec write runs of primitives after one reserve of their worst case,
 * without a check per field: the bytes are exactly those the checked {@link ProtoWriter} methods
 * write, for extreme values (the longest varints), zero values (left out), values in between other
 * fields, fields with two-byte tags, and a writer that has to grow for each run.
 */
class PrimitiveRunsTest {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Checks what the dispatcher decoded, so the bytes are also read back as they were sent. */
    private static final class Grain implements Runs {
        Object[] last;

        @Override
        public CompletableFuture<Void> primitives(final boolean z, final byte b, final short s, final int i, final long l,
            final char c, final float f, final double d) {
            last = new Object[] {z, b, s, i, l, c, f, d};
            return DONE;
        }

        @Override
        public CompletableFuture<Void> mixed(final int a, final String text, final long b, final Mixed record, final double c,
            final byte[] bytes, final char ch) {
            last = new Object[] {a, text, b, record, c, bytes.length, ch};
            return DONE;
        }

        @Override
        public CompletableFuture<Void> wide(final int p1, final int p2, final int p3, final int p4, final int p5, final int p6,
            final int p7, final int p8, final int p9, final int p10, final int p11, final int p12, final int p13, final int p14,
            final long p15, final long p16, final double p17, final boolean p18) {
            last = new Object[] {p1, p14, p15, p16, p17, p18};
            return DONE;
        }
    }

    private final Grain grain = new Grain();
    private final Loopback loopback = new Loopback(false).register(RunsDispatcher.INSTANCE, grain);
    private final Runs runs = loopback.client(RunsDispatcher.INSTANCE, "r");

    @Test
    void longestValuesOfEveryPrimitive() {
        runs.primitives(true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, Character.MAX_VALUE,
            -Float.MAX_VALUE, Double.longBitsToDouble(-1L)).join();
        final ProtoWriter expected = new ProtoWriter(1);
        expected.writeBool(1, true);
        expected.writeSInt32(2, Byte.MIN_VALUE);
        expected.writeSInt32(3, Short.MIN_VALUE);
        expected.writeSInt32(4, Integer.MIN_VALUE);
        expected.writeSInt64(5, Long.MIN_VALUE);
        expected.writeUInt32(6, Character.MAX_VALUE);
        expected.writeFloat(7, -Float.MAX_VALUE);
        expected.writeDouble(8, Double.longBitsToDouble(-1L));
        assertArrayEquals(expected.toByteArray(), loopback.lastRequest);
        // every varint at its longest: 1 + 2 + 3 + 5 + 10 + 3 bytes of value, a one-byte tag each
        assertEquals(8 + 1 + 2 + 3 + 5 + 10 + 3 + 4 + 8, loopback.lastRequest.length);
        assertEquals(Integer.MIN_VALUE, grain.last[3]);
        assertEquals(Long.MIN_VALUE, grain.last[4]);
        assertEquals(Character.MAX_VALUE, grain.last[5]);

        final ProtoWriter codec = new ProtoWriter(1);
        RunsCodec.writePrimitivesRequest(codec, true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
            Character.MAX_VALUE, -Float.MAX_VALUE, Double.longBitsToDouble(-1L));
        assertArrayEquals(expected.toByteArray(), codec.toByteArray());
    }

    @Test
    void zeroPrimitivesAreLeftOutAndNegativeOnesStaySmall() {
        runs.primitives(false, (byte)-1, (short)0, -64, 0L, (char)0, 0.0f, -0.0).join();
        final ProtoWriter expected = new ProtoWriter(1);
        expected.writeSInt32(2, -1);
        expected.writeSInt32(4, -64);
        expected.writeDouble(8, -0.0); // negative zero is not the default: its bits are not 0
        assertArrayEquals(expected.toByteArray(), loopback.lastRequest);
    }

    @Test
    void runsBetweenStringsRecordsListsAndBytes() {
        final UUID id = new UUID(Long.MIN_VALUE, -1L);
        final Mixed record = new Mixed(-300, "grüße 日本 🎮", Long.MAX_VALUE, id, List.of(-1, 0, Integer.MAX_VALUE), 'é', -1.5);
        final byte[] bytes = new byte[200];
        runs.mixed(Integer.MAX_VALUE, "x".repeat(300), -2L, record, 0.25, bytes, 'z').join();

        final ProtoWriter expected = new ProtoWriter(1);
        expected.writeSInt32(1, Integer.MAX_VALUE);
        expected.writeString(2, "x".repeat(300));
        expected.writeSInt64(3, -2L);
        final int mark = expected.beginMessage(4);
        expected.writeSInt32(1, -300);
        expected.writeString(2, "grüße 日本 🎮");
        expected.writeSInt64(3, Long.MAX_VALUE);
        expected.writeUuid(4, id);
        final int ints = expected.beginMessage(5);
        expected.appendSInt32(-1);
        expected.appendSInt32(0);
        expected.appendSInt32(Integer.MAX_VALUE);
        expected.endMessage(ints);
        expected.writeUInt32(6, 'é');
        expected.writeDouble(7, -1.5);
        expected.endMessage(mark);
        expected.writeDouble(5, 0.25);
        expected.writeBytes(6, bytes);
        expected.writeUInt32(7, 'z');
        assertArrayEquals(expected.toByteArray(), loopback.lastRequest);
        assertEquals(record, grain.last[3]);
        assertEquals("x".repeat(300), grain.last[1]);
    }

    @Test
    void fieldsPastFifteenHaveTwoByteTags() {
        runs.wide(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, Integer.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
            Double.MIN_VALUE, true).join();
        final ProtoWriter expected = new ProtoWriter(1);
        for (int i = 1; i <= 13; i++) {
            expected.writeSInt32(i, i);
        }
        expected.writeSInt32(14, Integer.MIN_VALUE);
        expected.writeSInt64(15, Long.MIN_VALUE);
        expected.writeSInt64(16, Long.MAX_VALUE);
        expected.writeDouble(17, Double.MIN_VALUE);
        expected.writeBool(18, true);
        assertArrayEquals(expected.toByteArray(), loopback.lastRequest);
        assertEquals(Long.MIN_VALUE, grain.last[2]);
        assertEquals(true, grain.last[5]);
    }
}
