package io.grain.runtime.grains;

import io.grain.annotation.Stored;

/** Rows keyed by a string alone, one per handle. */
@Stored(table = "nicks", key = "handle")
public record Nick(String handle, String bio) {
}
