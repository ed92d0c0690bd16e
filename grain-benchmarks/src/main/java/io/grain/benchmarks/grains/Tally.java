package io.grain.benchmarks.grains;

import io.grain.annotation.Stored;

/** The grain state of the storage scenarios: one number, a few bytes on the wire (the anchor stores the same bytes). */
@Stored
public record Tally(long value) {
}
