package io.grain.storage;

import io.grain.annotation.Stored;

import java.util.UUID;

/** Test tables whose subkeys are text and UUIDs, to pin the order rows come back in. */
final class SortedRows {
    private SortedRows() {
    }

    @Stored(table = "text_subkeys", key = "owner", subkey = "tag")
    record Tagged(String owner, String tag) {
    }

    @Stored(table = "uuid_subkeys", key = "owner", subkey = "id")
    record Identified(String owner, UUID id) {
    }
}
