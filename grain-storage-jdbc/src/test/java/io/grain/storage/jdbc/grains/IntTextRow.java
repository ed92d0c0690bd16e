package io.grain.storage.jdbc.grains;

import io.grain.annotation.Stored;

/** Rows keyed by an int, with a String subkey. */
@Stored(table = "int_text_rows", key = "shelf", subkey = "label")
public record IntTextRow(int shelf, String label, String value) {
}
