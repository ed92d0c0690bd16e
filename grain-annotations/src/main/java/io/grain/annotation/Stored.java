package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java record as storable: the processor writes its Protobuf-wire codec and, when
 * {@link #key()} is set, its key extractors, as {@code <Record>StoredType} next to it.
 *
 * <p>A record without a key is a grain's state ({@code GrainContext.state(PlayerData.class)}): it is
 * stored per grain and state name. A record with a key is a row of a table of its own
 * ({@code GrainContext.records(Item.class)}), keyed by {@code (key, subkey)}, Koala-style: one
 * profile per player with only {@code key}, many items per player with {@code key} and
 * {@code subkey}. Key components are {@code long}, {@code int}, {@code String} or {@code UUID}.
 *
 * <pre>{@code
 * @Stored
 * public record PlayerData(String name, int rating, List<String> badges) {}
 *
 * @Stored(table = "items", key = "owner", subkey = "itemId")
 * public record Item(long owner, long itemId, String kind, int count) {}
 * }</pre>
 *
 * <p>Payloads are the record's Protobuf-wire encoding, so adding or removing a component keeps old
 * rows readable, as with any proto3 message.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Stored {
    /**
     * The table of a keyed record: lower case letters, digits and underscores, starting with a
     * letter. Default: the record's simple name in snake case ({@code PlayerData -> player_data}).
     */
    String table() default "";

    /** The record component that is the first key; empty for a grain state record. */
    String key() default "";

    /** The record component that is the second key; needs {@link #key()}. Empty for none. */
    String subkey() default "";
}
