package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

/** One row per String key, no subkey. */
@Stored(table = "text_only", key = "id")
public record TextOnly(String id, String value) {
}
