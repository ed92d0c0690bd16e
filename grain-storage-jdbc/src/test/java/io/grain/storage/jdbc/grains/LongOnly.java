package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

/** One row per long key, no subkey. */
@Stored(table = "long_only", key = "id")
public record LongOnly(long id, String value) {
}
