package io.grain.transport.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Signs and checks frames with HMAC-SHA256 (RFC 2104) under the {@link ClusterKey}, truncated to
 * {@value #TAG_LENGTH} bytes (as IPsec does, RFC 4868). The HMAC is built here on the JDK's SHA-256
 * {@link MessageDigest} rather than {@code javax.crypto.Mac} because {@code Mac.doFinal} returns a
 * new array on every call: this way a frame costs no allocation. The result is bit for bit what
 * {@code Mac.getInstance("HmacSHA256")} computes (tested). Tags are compared in constant time.
 *
 * <p>Thread ownership: not thread safe; one instance per thread (the transport thread has its own).
 */
final class FrameAuthenticator {
    /** Bytes of the tag appended to every authenticated frame. */
    static final int TAG_LENGTH = 16;
    private static final int BLOCK = 64;
    private static final int DIGEST = 32;
    private static final int CHUNK = 4096;

    private final MessageDigest sha256 = ClusterKey.sha256();
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[DIGEST];
    private final byte[] tag = new byte[DIGEST];
    private final byte[] received = new byte[TAG_LENGTH];
    private final byte[] expected = new byte[TAG_LENGTH];
    private final byte[] chunk = new byte[CHUNK];

    FrameAuthenticator(final ClusterKey key) {
        final byte[] k = key.bytes();   // 32 bytes: shorter than a block, so used as is (zero padded)
        for (int i = 0; i < BLOCK; i++) {
            final byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte)(b ^ 0x36);
            outerPad[i] = (byte)(b ^ 0x5c);
        }
    }

    /** Starts a MAC. */
    void begin() {
        sha256.reset();
        sha256.update(innerPad);
    }

    /** Adds {@code length} bytes at {@code offset} of {@code buffer} to the MAC begun. */
    void update(final DirectBuffer buffer, final int offset, final int length) {
        final byte[] array = buffer.byteArray();
        if (array != null) {
            sha256.update(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        int at = 0;
        while (at < length) {
            final int n = Math.min(CHUNK, length - at);
            buffer.getBytes(offset + at, chunk, 0, n);
            sha256.update(chunk, 0, n);
            at += n;
        }
    }

    /** Ends the MAC begun and writes its {@value #TAG_LENGTH}-byte tag at {@code offset} of {@code out}. */
    void end(final MutableDirectBuffer out, final int offset) {
        finish();
        out.putBytes(offset, tag, 0, TAG_LENGTH);
    }

    /**
     * Whether the last {@value #TAG_LENGTH} bytes of the frame at {@code offset} are the tag of the
     * bytes before them. The frame must be at least {@value #TAG_LENGTH} bytes long.
     */
    boolean verify(final DirectBuffer buffer, final int offset, final int length) {
        final int signed = length - TAG_LENGTH;
        begin();
        update(buffer, offset, signed);
        finish();
        System.arraycopy(tag, 0, expected, 0, TAG_LENGTH);
        buffer.getBytes(offset + signed, received, 0, TAG_LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    private void finish() {
        try {
            sha256.digest(inner, 0, DIGEST);
            sha256.update(outerPad);
            sha256.update(inner);
            sha256.digest(tag, 0, DIGEST);
        } catch (final DigestException ex) {
            throw new IllegalStateException("SHA-256 digest of " + DIGEST + " bytes refused", ex);
        }
    }
}
