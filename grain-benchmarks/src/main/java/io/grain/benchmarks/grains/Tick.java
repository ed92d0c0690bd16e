package io.grain.benchmarks.grains;

import io.grain.annotation.Stored;

/** The topic message of the fan-out benchmark: a @Stored record, whose generated codec is its wire form. */
@Stored
public record Tick(int seq) {
}
