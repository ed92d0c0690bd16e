package io.grain.metrics.micrometer.grains;

import io.grain.annotation.Stored;

/** The greeter's state. */
@Stored
public record Greetings(int count) {
}
