package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

/** Rows keyed by a long, with an int subkey. */
@Stored(table = "long_int_rows", key = "owner", subkey = "slot")
public record LongIntRow(long owner, int slot, String value) {
}
