package io.grain.transport.aeron;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame MAC: what the JDK's HmacSHA256 computes, over heap and direct buffers, compared in full. */
class FrameAuthenticatorTest {
    @Test
    void theTagIsTheJdksHmacSha256TruncatedTo16Bytes() throws Exception {
        final Random random = new Random(15);
        final ClusterKey key = ClusterKey.fromText("a cluster key of some length");
        final Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
        final FrameAuthenticator mac = new FrameAuthenticator(key);
        for (final int length : new int[] {0, 1, 55, 56, 63, 64, 65, 4095, 4096, 4097, 20_000}) {
            final byte[] message = new byte[length];
            random.nextBytes(message);
            final byte[] want = Arrays.copyOf(jdk.doFinal(message), FrameAuthenticator.TAG_LENGTH);
            // a heap buffer at an offset, and a direct one (copied through the chunk)
            final UnsafeBuffer heap = new UnsafeBuffer(new byte[length + 7 + FrameAuthenticator.TAG_LENGTH]);
            heap.putBytes(7, message);
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(length + FrameAuthenticator.TAG_LENGTH));
            direct.putBytes(0, message);
            for (final UnsafeBuffer buffer : new UnsafeBuffer[] {new UnsafeBuffer(heap, 7, length + FrameAuthenticator.TAG_LENGTH), direct}) {
                mac.begin();
                mac.update(buffer, 0, length);
                mac.end(buffer, length);
                final byte[] got = new byte[FrameAuthenticator.TAG_LENGTH];
                buffer.getBytes(length, got);
                assertArrayEquals(want, got, "length " + length);
                assertTrue(mac.verify(buffer, 0, length + FrameAuthenticator.TAG_LENGTH));
                // any flipped bit, in the message or the tag, fails
                final int at = random.nextInt(length + FrameAuthenticator.TAG_LENGTH);
                buffer.putByte(at, (byte)(buffer.getByte(at) ^ (1 << random.nextInt(8))));
                assertFalse(mac.verify(buffer, 0, length + FrameAuthenticator.TAG_LENGTH), "flipped at " + at);
            }
        }
    }

    @Test
    void aMacSpansTheHeaderAndTheBodyGivenApart() {
        final ClusterKey key = ClusterKey.fromText("0123456789abcdef0123");
        final byte[] frame = Rogue.signed(Frames.TYPE_DATA, 4, "body bytes".getBytes(), key);
        assertTrue(new FrameAuthenticator(key).verify(new UnsafeBuffer(frame), 0, frame.length));
        assertFalse(new FrameAuthenticator(ClusterKey.fromText("0123456789abcdef0124")).verify(new UnsafeBuffer(frame), 0, frame.length),
            "another key");
    }

    @Test
    void clusterKeysAreDerivedFromTextAndShortTextIsRefused() {
        assertEquals(ClusterKey.fromText("same text, same key"), ClusterKey.fromText("  same text, same key\n"));
        assertNotEquals(ClusterKey.fromText("same text, same key"), ClusterKey.fromText("same text, same kez"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClusterKey.fromText("short"));
        assertTrue(ex.getMessage().contains("at least 16 characters"), ex.getMessage());
        assertFalse(ClusterKey.fromText("same text, same key").toString().contains("same"), "never printed");
    }
}
