package io.grain.runtime.membership;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MemberState}: versions grow with each change, bounds refuse with a clear message and change nothing. */
class MemberStateTest {
    @Test
    void everyChangeTakesTheNextVersionAndNoChangeKeepsIt() {
        final MemberState a = MemberState.EMPTY.with("role", "gateway");
        assertEquals(1, a.version());
        assertEquals("gateway", a.get("role"));
        assertSame(a, a.with("role", "gateway"), "setting the same value is no change");
        final MemberState b = a.with("zone", "eu-1").with("role", "game");
        assertEquals(3, b.version());
        assertEquals(List.of("role", "zone"), List.copyOf(b.entries().keySet()));
        final MemberState c = b.without("role");
        assertEquals(4, c.version());
        assertNull(c.get("role"));
        assertSame(c, c.without("role"), "removing a key that is not set is no change");
        assertEquals(1, a.version(), "states are immutable");
        assertEquals("zone".length() + "eu-1".length(), c.totalBytes());
    }

    @Test
    void keysAndValuesOutOfBoundsAreRefusedNamingTheBound() {
        final MemberState s = MemberState.EMPTY.with("k", "v");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.with("", "v")).getMessage().contains("1..64 bytes"));
        assertThrows(IllegalArgumentException.class, () -> s.with("k".repeat(MemberState.MAX_KEY_BYTES + 1), "v"));
        assertEquals("x", MemberState.EMPTY.with("é".repeat(MemberState.MAX_KEY_BYTES / 2), "x").get("é".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> s.with("é".repeat(MemberState.MAX_KEY_BYTES / 2 + 1), "v"),
            "bounds count bytes of UTF-8, not characters");
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> s.with("k", "v".repeat(MemberState.MAX_VALUE_BYTES + 1)));
        assertTrue(tooLong.getMessage().contains("exceeds " + MemberState.MAX_VALUE_BYTES), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.with("k", "\uD800"), "an unpaired surrogate has no UTF-8");
        assertThrows(NullPointerException.class, () -> s.with("k", null));
        assertEquals(MemberState.EMPTY.with("k", "v"), s, "nothing changed");
    }

    @Test
    void theNumberOfKeysAndTheTotalBytesAreBounded() {
        MemberState s = MemberState.EMPTY;
        for (int i = 0; i < MemberState.MAX_KEYS; i++) {
            s = s.with("key" + i, "v");
        }
        final MemberState full = s;
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> full.with("one-more", "v"));
        assertTrue(tooMany.getMessage().contains(MemberState.MAX_KEYS + " keys"), tooMany.getMessage());
        assertEquals("w", full.with("key0", "w").get("key0"), "a key already set may change");

        MemberState big = MemberState.EMPTY;
        for (int i = 0; i < 3; i++) {
            big = big.with("k" + i, "v".repeat(MemberState.MAX_VALUE_BYTES));
        }
        final MemberState nearlyFull = big;
        final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> nearlyFull.with("k3", "v".repeat(MemberState.MAX_VALUE_BYTES)));
        assertTrue(tooBig.getMessage().contains("more than " + MemberState.MAX_TOTAL_BYTES), tooBig.getMessage());
        assertEquals(3, nearlyFull.size());
    }

    @Test
    void ofChecksWhatADecoderHandsIt() {
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put("b", "2");
        entries.put("a", "1");
        final MemberState s = MemberState.of(7, entries);
        assertEquals(7, s.version());
        assertEquals(List.of("a", "b"), List.copyOf(s.entries().keySet()));
        assertSame(MemberState.EMPTY, MemberState.of(0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> MemberState.of(-1, Map.of()));
        final Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= MemberState.MAX_KEYS; i++) {
            many.put("k" + i, "");
        }
        assertThrows(IllegalArgumentException.class, () -> MemberState.of(1, many));
        assertThrows(UnsupportedOperationException.class, () -> s.entries().put("c", "3"));
    }
}
