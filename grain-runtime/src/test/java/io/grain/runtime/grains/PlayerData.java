package io.grain.runtime.grains;

import io.grain.annotation.Stored;

import java.util.List;

/** A grain state record (no key), as in the issue. */
@Stored
public record PlayerData(String name, int rating, List<String> badges) {
}
