package io.grain.runtime.envelope;

import io.grain.runtime.GrainId;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrainIdCacheTest {
    private static byte[] request(final GrainId target) {
        final Envelope e = new Envelope();
        e.type = Envelope.REQUEST;
        e.target = target;
        e.methodId = 1;
        e.callerMember = 2;
        e.callerShard = 0;
        final ProtoWriter out = new ProtoWriter();
        EnvelopeCodec.encode(e, out);
        return out.toByteArray();
    }

    private static GrainId decode(final byte[] bytes, final GrainIdCache cache) {
        final Envelope e = new Envelope();
        EnvelopeCodec.decode(new ProtoReader(bytes), e, cache);
        return e.target;
    }

    @Test
    void aGrainCalledAgainDecodesToTheSameIdObject() {
        final GrainIdCache cache = new GrainIdCache(GrainIdCache.DEFAULT_SLOTS);
        for (final GrainId id : new GrainId[] {GrainId.of("player", "alice"), GrainId.of("room", -42L),
            GrainId.of("match", new UUID(1, 2))}) {
            final GrainId first = decode(request(id), cache);
            assertEquals(id, first);
            assertSame(first, decode(request(id), cache), "a hit reuses the id");
        }
    }

    @Test
    void idsSharingASlotAreNeverConfused() {
        final GrainIdCache oneSlot = new GrainIdCache(1);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                final GrainId id = GrainId.of("player", "p" + i);
                assertEquals(id, decode(request(id), oneSlot));
            }
        }
        final GrainId a = decode(request(GrainId.of("a", 1L)), oneSlot);
        final GrainId b = decode(request(GrainId.of("b", 1L)), oneSlot);
        assertNotSame(a, b);
        assertEquals(GrainId.of("b", 1L), b);
    }

    @Test
    void longReferencesAreDecodedEveryTime() {
        final GrainIdCache cache = new GrainIdCache(16);
        final GrainId id = GrainId.of("player", "k".repeat(GrainIdCache.MAX_CACHED_LENGTH + 1));
        assertEquals(id, decode(request(id), cache));
        assertEquals(id, decode(request(id), cache));
    }

    @Test
    void badReferencesStillFailAndAreNotCached() {
        final GrainIdCache cache = new GrainIdCache(16);
        final ProtoWriter ref = new ProtoWriter();
        ref.writeUInt32(1, 1);                       // type: request
        final int mark = ref.beginMessage(5);        // target without a key
        ref.writeString(1, "player");
        ref.endMessage(mark);
        final byte[] bytes = ref.toByteArray();
        assertThrows(WireFormatException.class, () -> decode(bytes, cache));
        assertThrows(WireFormatException.class, () -> decode(bytes, cache));
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new GrainIdCache(3));
        assertThrows(IllegalArgumentException.class, () -> new GrainIdCache(0));
    }
}
