package io.grain.annotation;

/**
 * The key type a {@link Grain} interface declares with {@code @Grain(key = ...)}. A grain of kind
 * {@code player} keyed by {@code "7"}, by {@code 7L} and by a UUID are three different grains;
 * declaring the key type makes a lookup with any other key type fail at once, naming both.
 */
public enum KeyType {
    /** Not declared: any of the three key types is accepted (the default, as before key types existed). */
    ANY,
    /** Only {@code String} keys. */
    STRING,
    /** Only {@code long} keys. */
    LONG,
    /** Only {@code java.util.UUID} keys. */
    UUID
}
