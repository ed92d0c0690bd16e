package io.grain.transport.aeron;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The secret that the members of one cluster share: every frame carries a MAC made with it
 * ({@link FrameAuthenticator}), and a frame whose MAC does not check out is dropped before anything
 * in it is decoded. It authenticates; it does not encrypt.
 *
 * <p>Given as text (by {@link AeronTransport.Context#clusterKey(String)} or the environment variable
 * {@value #ENVIRONMENT_VARIABLE}): any string of at least {@value #MIN_TEXT_LENGTH} characters, best
 * the base64 or hex of 16 or more random bytes ({@code openssl rand -base64 24}). The 32-byte MAC key
 * is the SHA-256 of {@code "grain cluster key v1\0"} followed by the text's UTF-8 bytes, so every
 * member that is given the same text derives the same key. Immutable.
 */
public final class ClusterKey {
    /** The environment variable a member reads its key from. */
    public static final String ENVIRONMENT_VARIABLE = "GRAIN_CLUSTER_KEY";
    /** Shortest key text accepted. */
    public static final int MIN_TEXT_LENGTH = 16;
    private static final byte[] DOMAIN = "grain cluster key v1\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    private ClusterKey(final byte[] key) {
        this.key = key;
    }

    /** The key derived from {@code text}; refuses text shorter than {@value #MIN_TEXT_LENGTH} characters. */
    public static ClusterKey fromText(final String text) {
        Objects.requireNonNull(text, "cluster key");
        final String trimmed = text.strip();
        if (trimmed.length() < MIN_TEXT_LENGTH) {
            throw new IllegalArgumentException("a cluster key must have at least " + MIN_TEXT_LENGTH
                + " characters (e.g. the output of `openssl rand -base64 24`); got " + trimmed.length());
        }
        final MessageDigest sha256 = sha256();
        sha256.update(DOMAIN);
        sha256.update(trimmed.getBytes(StandardCharsets.UTF_8));
        return new ClusterKey(sha256.digest());
    }

    /** The key in {@value #ENVIRONMENT_VARIABLE}, or null when the variable is unset or empty. */
    public static ClusterKey fromEnvironment() {
        final String text = System.getenv(ENVIRONMENT_VARIABLE);
        return text == null || text.isBlank() ? null : fromText(text);
    }

    /** A copy of the 32 key bytes. */
    byte[] bytes() {
        return key.clone();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException("this JDK has no SHA-256", ex);
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ClusterKey k && MessageDigest.isEqual(k.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never the key itself. */
    @Override
    public String toString() {
        return "ClusterKey[hidden]";
    }
}
