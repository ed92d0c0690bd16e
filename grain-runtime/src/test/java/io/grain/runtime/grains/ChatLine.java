package io.grain.runtime.grains;

import io.grain.annotation.Stored;

/** A topic message: a @Stored record, whose generated codec is its wire form. */
@Stored
public record ChatLine(String from, int seq, String text) {
}
