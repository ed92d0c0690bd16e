package io.grain.sample.arena;

import io.grain.annotation.Stored;

/** One line of the lobby chat: who said it and what. Published on the {@link Lobby#TOPIC} topic. */
@Stored
public record ChatLine(String player, String text) {
}
