package io.grain.transport.aeron;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chunk runs put back together, and every way a run can go wrong dropped, counted and bounded. */
class ReassemblerTest {
    private static final int MAX = 1 << 20;
    private static final int CHUNK = 1000;

    private final Reassembler reassembler = new Reassembler(MAX, CHUNK);

    @Test
    void chunksInOrderMakeTheMessageAndInterleavedSendersDoNotMix() {
        final byte[] a = random(10_500, 1);
        final byte[] b = random(3_001, 2);
        int offsetA = 0;
        int offsetB = 0;
        byte[] doneA = null;
        byte[] doneB = null;
        while (doneA == null || doneB == null) {
            if (offsetA < a.length) {
                final int length = Math.min(CHUNK, a.length - offsetA);
                final int result = reassembler.onChunk(1, a.length, offsetA, new UnsafeBuffer(a), offsetA, length);
                offsetA += length;
                assertEquals(offsetA == a.length ? Reassembler.COMPLETE : Reassembler.PARTIAL, result);
                if (result == Reassembler.COMPLETE) {
                    doneA = reassembler.takeComplete();
                }
            }
            if (offsetB < b.length) {
                final int length = Math.min(CHUNK, b.length - offsetB);
                final int result = reassembler.onChunk(2, b.length, offsetB, new UnsafeBuffer(b), offsetB, length);
                offsetB += length;
                if (result == Reassembler.COMPLETE) {
                    doneB = reassembler.takeComplete();
                }
            }
        }
        assertArrayEquals(a, doneA);
        assertArrayEquals(b, doneB);
        assertEquals(0, reassembler.partials());
        assertEquals(0, reassembler.dropped());
    }

    @Test
    void aGapAChangedTotalOrAChunkWithoutAStartDropsThePartialMessageAndCountsIt() {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[CHUNK]);
        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(1, 5 * CHUNK, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, 5 * CHUNK, 2 * CHUNK, bytes, 0, CHUNK), "a gap");
        assertEquals("chunk out of sequence", reassembler.problem());
        assertEquals(1, reassembler.dropped());
        assertEquals(0, reassembler.partials());
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, 5 * CHUNK, CHUNK, bytes, 0, CHUNK), "no start any more");

        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(2, 5 * CHUNK, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(2, 6 * CHUNK, CHUNK, bytes, 0, CHUNK), "another total");
        assertEquals(2, reassembler.dropped());

        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(3, 5 * CHUNK, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(3, 4 * CHUNK, 0, bytes, 0, CHUNK), "a new start");
        assertEquals(3, reassembler.dropped(), "the abandoned run is counted");
        reassembler.discard(3);
        assertEquals(4, reassembler.dropped(), "the sender's image went away");
        assertEquals(0, reassembler.partials());
    }

    @Test
    void totalsAndOffsetsOutOfRangeAreRefusedBeforeAnythingIsAllocated() {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[CHUNK]);
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, MAX + 1, 0, bytes, 0, CHUNK));
        assertEquals("chunk of a message whose total length is out of range", reassembler.problem());
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, Integer.MAX_VALUE, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, -5, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, 2 * CHUNK, CHUNK + 1, bytes, 0, CHUNK));
        assertEquals("chunk outside its message", reassembler.problem());
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, 2 * CHUNK, -1, bytes, 0, CHUNK));
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, 2 * CHUNK, 0, bytes, 0, 0));
        assertEquals(0, reassembler.partials());
    }

    @Test
    void atMostMaxPartialsSendersHoldPartialMessagesAndANewOneReplacesTheLongestWaiting() {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[CHUNK]);
        for (int sender = 0; sender < Reassembler.MAX_PARTIALS; sender++) {
            // each claims the maximum but sends one chunk: what it holds grows with what it sent
            assertEquals(Reassembler.PARTIAL, reassembler.onChunk(sender, MAX, 0, bytes, 0, CHUNK));
        }
        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(0, MAX, CHUNK, bytes, 0, CHUNK), "sender 0 goes on");
        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(99, MAX, 0, bytes, 0, CHUNK));
        assertEquals(Reassembler.MAX_PARTIALS, reassembler.partials(), "still at the bound");
        assertEquals(1, reassembler.dropped(), "the longest waiting partial (sender 1) made room");
        assertEquals(Reassembler.REFUSED, reassembler.onChunk(1, MAX, CHUNK, bytes, 0, CHUNK), "sender 1's run is gone");
        assertEquals(Reassembler.PARTIAL, reassembler.onChunk(0, MAX, 2 * CHUNK, bytes, 0, CHUNK), "sender 0's is not");
    }

    private static byte[] random(final int length, final long seed) {
        final byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
