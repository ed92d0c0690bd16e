package io.grain.runtime.envelope;

import io.grain.runtime.GrainId;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCodecTest {
    private static byte[] encode(final Envelope e) {
        final ProtoWriter out = new ProtoWriter();
        EnvelopeCodec.encode(e, out);
        return out.toByteArray();
    }

    private static Envelope decode(final byte[] bytes) {
        final Envelope e = new Envelope();
        EnvelopeCodec.decode(new ProtoReader(bytes), e);
        return e;
    }

    @Test
    void requestRoundTrip() {
        for (final GrainId id : new GrainId[] {GrainId.of("player", "alice"), GrainId.of("room", -42L),
            GrainId.of("match", new UUID(0x0123456789abcdefL, 0xfedcba9876543210L))}) {
            final Envelope e = new Envelope();
            e.type = Envelope.REQUEST;
            e.target = id;
            e.methodId = 0xCAFEBABE;
            e.correlationId = 1234567890123L;
            e.callerMember = 7;
            e.callerShard = 3;
            e.chainId = 0x8000_0000_0000_0001L;
            e.timeoutMillis = 30_000;
            e.hops = 1;
            e.arguments().writeSInt32(1, -5);
            e.arguments().writeString(2, "hi");
            final byte[] payload = e.arguments().toByteArray();

            final Envelope d = decode(encode(e));
            assertEquals(Envelope.REQUEST, d.type);
            assertEquals(id, d.target);
            assertEquals(0xCAFEBABE, d.methodId);
            assertEquals(1234567890123L, d.correlationId);
            assertEquals(7, d.callerMember);
            assertEquals(3, d.callerShard);
            assertEquals(0x8000_0000_0000_0001L, d.chainId);
            assertEquals(30_000, d.timeoutMillis);
            assertEquals(1, d.hops);
            assertFalse(d.pinned);
            assertTrue(d.payloadFromWire);
            assertArrayEquals(payload, Arrays.copyOf(d.payload, d.payloadLength));
        }
    }

    @Test
    void aPinnedRequestStaysPinnedAndItsClearForgetsIt() {
        final Envelope e = new Envelope();
        e.type = Envelope.ONE_WAY;
        e.target = GrainId.of("summary", "cache");
        e.methodId = 1;
        e.pinned = true;
        final Envelope d = decode(encode(e));
        assertTrue(d.pinned);
        d.clear();
        assertFalse(d.pinned);
    }

    @Test
    void replyAndErrorRoundTrip() {
        final Envelope reply = new Envelope();
        reply.type = Envelope.REPLY;
        reply.correlationId = 9;
        reply.callerShard = 1;
        reply.arguments().writeSInt32(1, 42);
        final Envelope d = decode(encode(reply));
        assertEquals(Envelope.REPLY, d.type);
        assertEquals(9, d.correlationId);
        assertNull(d.target);
        final ProtoReader payload = d.payloadReader(null);
        assertEquals(8, payload.readTag());
        assertEquals(42, payload.readSInt32());

        final Envelope error = new Envelope();
        error.type = Envelope.ERROR;
        error.correlationId = 10;
        error.errorType = "java.lang.IllegalStateException";
        error.errorMessage = "boom";
        final Envelope e = decode(encode(error));
        assertEquals(Envelope.ERROR, e.type);
        assertEquals("java.lang.IllegalStateException", e.errorType);
        assertEquals("boom", e.errorMessage);
    }

    @Test
    void badBytesEndInWireFormatException() {
        assertThrows(WireFormatException.class, () -> decode(new byte[0]));
        assertThrows(WireFormatException.class, () -> decode(new byte[] {8, 9}));
        final Envelope e = new Envelope();
        e.type = Envelope.REQUEST;
        e.target = GrainId.of("player", "bob");
        e.arguments().writeString(1, "x".repeat(100));
        final byte[] good = encode(e);
        final Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            final byte[] bad = Arrays.copyOf(good, random.nextInt(good.length + 1));
            if (bad.length > 0 && random.nextBoolean()) {
                bad[random.nextInt(bad.length)] ^= (byte)(1 << random.nextInt(8));
            }
            try {
                decode(bad);
            } catch (final WireFormatException expected) {
                // fine: bad bytes give an error, never another exception or a hang
            }
        }
    }

    private static Envelope tracedRequest() {
        final Envelope e = new Envelope();
        e.type = Envelope.REQUEST;
        e.target = GrainId.of("player", "alice");
        e.methodId = 17;
        e.arguments().writeSInt32(1, 3);
        return e;
    }

    @Test
    void aRequestCarriesItsTraceContextAcrossTheWire() {
        final Envelope e = tracedRequest();
        e.trace.parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        final Envelope d = decode(encode(e));
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", d.trace.traceparent());
        assertEquals(17, d.methodId);
    }

    @Test
    void anUntracedRequestHasNoTraceFieldAndDecodesWithoutOne() {
        final Envelope plain = tracedRequest();
        final Envelope traced = tracedRequest();
        traced.trace.set(1, 2, 3, (byte)0);
        final byte[] plainBytes = encode(plain);
        // the trace is the envelope's only extra field: tag, length, three tagged fixed64s (no flags when 0)
        assertEquals(plainBytes.length + 2 + 3 * 9, encode(traced).length);
        assertFalse(decode(plainBytes).trace.isValid());
    }

    @Test
    void aReplyNeverCarriesTheTrace() {
        final Envelope e = new Envelope();
        e.type = Envelope.REPLY;
        e.trace.set(1, 2, 3, (byte)1);
        assertFalse(decode(encode(e)).trace.isValid());
    }

    @Test
    void aTraceWithZeroIdsIsRefused() {
        final Envelope e = tracedRequest();
        e.trace.set(1, 2, 3, (byte)1);
        final byte[] bytes = encode(e);
        // the parent span id's 8 bytes are the last ones of the trace field (just before flags: tag 0x20, value 1)
        final int flagsAt = indexOfTraceFlags(bytes);
        Arrays.fill(bytes, flagsAt - 8, flagsAt, (byte)0);
        final WireFormatException error = assertThrows(WireFormatException.class, () -> decode(bytes));
        assertTrue(error.getMessage().contains("Envelope.trace"), error.getMessage());
    }

    private static int indexOfTraceFlags(final byte[] bytes) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == 0x20 && bytes[i + 1] == 1 && bytes[i - 9] == 0x19) {
                return i;
            }
        }
        throw new AssertionError("no trace flags in the encoding");
    }
}
