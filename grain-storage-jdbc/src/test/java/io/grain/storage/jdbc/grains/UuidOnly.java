package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

import java.util.UUID;

/** One row per UUID key, no subkey. */
@Stored(table = "uuid_only", key = "id")
public record UuidOnly(UUID id, String value) {
}
