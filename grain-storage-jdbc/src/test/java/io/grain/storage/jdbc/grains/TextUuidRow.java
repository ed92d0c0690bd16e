package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

import java.util.UUID;

/** Rows keyed by a String, with a UUID subkey: the notes of a {@link Shelf}. */
@Stored(table = "text_uuid_rows", key = "name", subkey = "token")
public record TextUuidRow(String name, UUID token, String value) {
}
