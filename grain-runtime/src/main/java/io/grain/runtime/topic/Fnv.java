package io.grain.runtime.topic;

import java.nio.charset.StandardCharsets;

/** FNV-1a 32, the hash generated method ids use, for the ids of the topic grains' own methods. */
final class Fnv {
    private Fnv() {
    }

    static int hash32(final String text) {
        int hash = 0x811c9dc5;
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }
}
