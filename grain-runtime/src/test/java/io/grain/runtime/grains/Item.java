package io.grain.runtime.grains;

import io.grain.annotation.Stored;

/** Rows keyed by owner and item id, many per owner. */
@Stored(table = "inventory", key = "owner", subkey = "itemId")
public record Item(long owner, long itemId, String kind, int count) {
}
