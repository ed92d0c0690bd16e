package io.grain.runtime;

import java.util.Objects;
import java.util.UUID;

/**
 * A grain's identity: its kind and its key, which is a {@code String}, a {@code long} or a
 * {@link UUID}. Immutable, with value equality; two ids are equal when kind, key type and key are.
 */
public final class GrainId {
    /** Which of the three key types an id carries. */
    public enum KeyType {
        STRING, LONG, UUID
    }

    private final String kind;
    private final KeyType keyType;
    private final String stringKey;
    private final long high;
    private final long low;
    private final int hash;

    private GrainId(final String kind, final KeyType keyType, final String stringKey, final long high, final long low) {
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("a grain kind must be a non-empty string");
        }
        this.kind = kind;
        this.keyType = keyType;
        this.stringKey = stringKey;
        this.high = high;
        this.low = low;
        int h = kind.hashCode();
        h = 31 * h + keyType.ordinal();
        h = 31 * h + (stringKey != null ? stringKey.hashCode() : Long.hashCode(high) * 31 + Long.hashCode(low));
        this.hash = h;
    }

    public static GrainId of(final String kind, final String key) {
        return new GrainId(kind, KeyType.STRING, Objects.requireNonNull(key, "grain key"), 0, 0);
    }

    public static GrainId of(final String kind, final long key) {
        return new GrainId(kind, KeyType.LONG, null, key, 0);
    }

    public static GrainId of(final String kind, final UUID key) {
        Objects.requireNonNull(key, "grain key");
        return new GrainId(kind, KeyType.UUID, null, key.getMostSignificantBits(), key.getLeastSignificantBits());
    }

    public String kind() {
        return kind;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The key of a {@link KeyType#STRING} id. */
    public String stringKey() {
        checkKeyType(KeyType.STRING);
        return stringKey;
    }

    /** The key of a {@link KeyType#LONG} id. */
    public long longKey() {
        checkKeyType(KeyType.LONG);
        return high;
    }

    /** The key of a {@link KeyType#UUID} id. */
    public UUID uuidKey() {
        checkKeyType(KeyType.UUID);
        return new UUID(high, low);
    }

    /** The key as text, whatever its type. */
    public String keyAsString() {
        switch (keyType) {
            case STRING: return stringKey;
            case LONG: return Long.toString(high);
            default: return new UUID(high, low).toString();
        }
    }

    private void checkKeyType(final KeyType expected) {
        if (keyType != expected) {
            throw new IllegalStateException(this + " has a " + keyType + " key, not " + expected);
        }
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GrainId)) {
            return false;
        }
        final GrainId that = (GrainId)o;
        return hash == that.hash && keyType == that.keyType && high == that.high && low == that.low
            && kind.equals(that.kind) && Objects.equals(stringKey, that.stringKey);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code kind/key}, e.g. {@code player/alice}. */
    @Override
    public String toString() {
        return kind + "/" + keyAsString();
    }
}
