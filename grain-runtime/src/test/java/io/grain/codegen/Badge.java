package io.grain.codegen;

import io.grain.annotation.Stored;

import java.util.UUID;

/** A top-level keyed record with UUID keys: its stored type is {@code BadgeStoredType}. */
@Stored(table = "badges", key = "owner", subkey = "id")
public record Badge(UUID owner, UUID id, String name) {
}
