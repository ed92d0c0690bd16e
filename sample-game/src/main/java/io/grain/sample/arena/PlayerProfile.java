package io.grain.sample.arena;

/** What a player's profile shows. */
public record PlayerProfile(String name, int rating, PlayerStats stats) {
}
