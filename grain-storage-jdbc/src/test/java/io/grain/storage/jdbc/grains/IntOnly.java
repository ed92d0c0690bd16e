package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

/** One row per int key, no subkey. */
@Stored(table = "int_only", key = "id")
public record IntOnly(int id, String value) {
}
