package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

import java.util.UUID;

/** Rows keyed by a UUID, with a long subkey. */
@Stored(table = "uuid_long_rows", key = "id", subkey = "seq")
public record UuidLongRow(UUID id, long seq, String value) {
}
