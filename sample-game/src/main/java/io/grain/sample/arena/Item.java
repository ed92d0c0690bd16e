package io.grain.sample.arena;

import io.grain.annotation.Stored;

/**
 * An item a player holds: a row of the {@code items} table, keyed by player and item. A match
 * awards its winner one item whose id is the match's id, so an award written again (a match
 * reported twice, or retried after a crash) is the same row, never a second item.
 *
 * @param awardedBy the match that awarded it.
 */
@Stored(table = "items", key = "player", subkey = "itemId")
public record Item(String player, long itemId, String kind, long awardedBy) {
    /** Kinds of items a winner may get; which one follows from the match id. */
    static final java.util.List<String> KINDS = java.util.List.of("sword", "shield", "helmet", "potion", "crown");

    /** The item {@code outcome}'s match awards its winner. */
    static Item awardFor(final String player, final MatchOutcome outcome) {
        final String kind = KINDS.get((int)Math.floorMod(outcome.matchId(), (long)KINDS.size()));
        return new Item(player, outcome.matchId(), kind, outcome.matchId());
    }
}
