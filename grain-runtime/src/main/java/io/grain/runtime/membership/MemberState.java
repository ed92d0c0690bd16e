package io.grain.runtime.membership;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The small key/value state a member publishes about itself (its role, its gateway address, a
 * build number), spread to every member by the membership, like Proto.Cluster's member state or
 * Akka's gossiped metadata. Keys and values are strings; every change makes a new state with the
 * next {@link #version()}, and a member keeps the state of another with the highest version it has
 * seen, so every member ends with the latest one whatever order the copies arrive in. A member's
 * state is gone with the member (it left or crashed); a new incarnation starts empty.
 *
 * <p>Bounded, because every member holds (and gossip carries) every member's state: at most
 * {@link #MAX_KEYS} keys, each of 1..{@link #MAX_KEY_BYTES} bytes of UTF-8, each value of at most
 * {@link #MAX_VALUE_BYTES} bytes, all keys and values together at most {@link #MAX_TOTAL_BYTES}.
 * A change beyond these fails with an {@link IllegalArgumentException} naming the bound.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class MemberState {
    /** Most keys one member may set. */
    public static final int MAX_KEYS = 16;
    /** Longest key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 64;
    /** Longest value, in bytes of UTF-8. */
    public static final int MAX_VALUE_BYTES = 256;
    /** Most bytes of UTF-8 of all keys and values of one member together. */
    public static final int MAX_TOTAL_BYTES = 1024;

    /** No keys, version 0: the state of a member that set nothing. */
    public static final MemberState EMPTY = new MemberState(0, new TreeMap<>(), 0);

    private final long version;
    private final SortedMap<String, String> entries;
    private final int totalBytes;

    private MemberState(final long version, final TreeMap<String, String> entries, final int totalBytes) {
        this.version = version;
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.totalBytes = totalBytes;
    }

    /**
     * A state with these entries at {@code version} (for a membership that decodes states it
     * received or read).
     *
     * @throws IllegalArgumentException when the version is negative or the entries break a bound
     */
    public static MemberState of(final long version, final Map<String, String> entries) {
        if (version < 0) {
            throw new IllegalArgumentException("member state version must not be negative: " + version);
        }
        if (entries.size() > MAX_KEYS) {
            throw new IllegalArgumentException("member state of " + entries.size() + " keys exceeds " + MAX_KEYS);
        }
        final TreeMap<String, String> copy = new TreeMap<>();
        int total = 0;
        for (final Map.Entry<String, String> e : entries.entrySet()) {
            total += keyBytes(e.getKey()) + valueBytes(e.getValue());
            copy.put(e.getKey(), e.getValue());
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("member state of " + total + " bytes exceeds " + MAX_TOTAL_BYTES);
        }
        return version == 0 && copy.isEmpty() ? EMPTY : new MemberState(version, copy, total);
    }

    /** Grows with every change this member makes; 0 before the first. */
    public long version() {
        return version;
    }

    /** The value of {@code key}, or null when it is not set. */
    public String get(final String key) {
        return entries.get(key);
    }

    /** Every key and its value, ascending by key; unmodifiable. */
    public SortedMap<String, String> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes of UTF-8 of all keys and values together. */
    public int totalBytes() {
        return totalBytes;
    }

    /**
     * This state with {@code key} set to {@code value}, at the next version; this state itself when
     * the key already has that value (nothing to spread).
     *
     * @throws IllegalArgumentException when the key or value is out of bounds, or the state would
     *                                  hold too many keys or bytes
     */
    public MemberState with(final String key, final String value) {
        final int kb = keyBytes(key);
        final int vb = valueBytes(value);
        final String before = entries.get(key);
        if (value.equals(before)) {
            return this;
        }
        if (before == null && entries.size() >= MAX_KEYS) {
            throw new IllegalArgumentException("member state already holds " + MAX_KEYS + " keys; cannot set '" + key + "'");
        }
        final int total = totalBytes + kb + vb - (before == null ? 0 : kb + utf8Length(before));
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("member state would hold " + total + " bytes of keys and values, more than "
                + MAX_TOTAL_BYTES);
        }
        final TreeMap<String, String> next = new TreeMap<>(entries);
        next.put(key, value);
        return new MemberState(version + 1, next, total);
    }

    /** This state without {@code key}, at the next version; this state itself when the key is not set. */
    public MemberState without(final String key) {
        Objects.requireNonNull(key, "key");
        final String before = entries.get(key);
        if (before == null) {
            return this;
        }
        final TreeMap<String, String> next = new TreeMap<>(entries);
        next.remove(key);
        return new MemberState(version + 1, next, totalBytes - utf8Length(key) - utf8Length(before));
    }

    /**
     * Bytes of {@code key} in UTF-8, after checking it is a key.
     *
     * @throws IllegalArgumentException when it is empty, longer than {@link #MAX_KEY_BYTES} or not
     *                                  valid Unicode (an unpaired surrogate)
     */
    public static int keyBytes(final String key) {
        Objects.requireNonNull(key, "key");
        final int n = utf8Length(key);
        if (n == 0 || n > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("member state key must be 1.." + MAX_KEY_BYTES + " bytes of UTF-8, not "
                + n + " bytes");
        }
        return n;
    }

    /**
     * Bytes of {@code value} in UTF-8, after checking it is a value.
     *
     * @throws IllegalArgumentException when it is longer than {@link #MAX_VALUE_BYTES} or not valid Unicode
     */
    public static int valueBytes(final String value) {
        Objects.requireNonNull(value, "value");
        final int n = utf8Length(value);
        if (n > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("member state value of " + n + " bytes of UTF-8 exceeds " + MAX_VALUE_BYTES);
        }
        return n;
    }

    /** UTF-8 length of {@code s}; an unpaired surrogate (which UTF-8 cannot carry) is refused. */
    private static int utf8Length(final String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("member state text has an unpaired surrogate at index " + i);
                }
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof MemberState s && s.version == version && s.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + entries.hashCode();
    }

    @Override
    public String toString() {
        return "v" + version + entries;
    }
}
