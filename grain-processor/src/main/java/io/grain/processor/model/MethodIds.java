package io.grain.processor.model;

import java.nio.charset.StandardCharsets;

/**
 * Method ids: the 32-bit FNV-1a hash of the UTF-8 signature, e.g. {@code addScore(int)} or
 * {@code kick(java.lang.String)} (name and erased parameter types). The id depends on nothing but
 * the method itself, so adding, removing or reordering methods never changes another's id.
 */
public final class MethodIds {
    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private MethodIds() {
    }

    public static int of(final String signature) {
        int hash = FNV_OFFSET_BASIS;
        for (final byte b : signature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
