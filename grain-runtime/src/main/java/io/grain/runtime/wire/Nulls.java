package io.grain.runtime.wire;

/**
 * Null checks for values that have no absent form on the wire. Grain carries a null String, box,
 * UUID, enum, record, message or grain reference as an absent field (it decodes as null), but a
 * collection, an Optional, an element of a collection, or a key or value of a map has no such form:
 * a null there fails the call at the caller (or the write of a stored record), naming where it was.
 */
public final class Nulls {
    private Nulls() {
    }

    /**
     * Returns {@code value}, or throws a {@link NullPointerException} that names {@code where}.
     *
     * @param where e.g. {@code "Player.addItems argument 'items'"} or {@code "element of Player.addItems argument 'items'"}.
     */
    public static <T> T requireNonNull(final T value, final String where) {
        if (value == null) {
            throw new NullPointerException(where + " is null; collections, Optionals, their elements and map keys and "
                + "values cannot be null in a grain call or a stored record (null Strings, boxes, UUIDs, enums, records and "
                + "references can)");
        }
        return value;
    }
}
