package io.grain.sample.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Players waiting for a match, grouped into matches of a fixed size by rating. The rating window a
 * group may span starts narrow and widens with the wait of its longest-waiting member, so nobody
 * waits for ever in a thin queue. Plain state of one Matchmaker activation: not thread safe.
 */
final class MatchmakingQueue {
    /** Widest rating spread of a group formed at once. */
    static final int BASE_SPREAD = 100;
    /** How much the allowed spread grows per second of waiting. */
    static final int SPREAD_PER_SECOND = 100;

    private final int matchSize;
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    private record Waiting(String player, int rating, long sinceMillis) {
    }

    MatchmakingQueue(final int matchSize) {
        if (matchSize < 2) {
            throw new IllegalArgumentException("a match needs at least two players: " + matchSize);
        }
        this.matchSize = matchSize;
    }

    /** Adds a player, or refreshes its rating if it is already waiting (keeping its place). */
    void add(final String player, final int rating, final long nowMillis) {
        final Waiting previous = waiting.get(player);
        waiting.put(player, new Waiting(player, rating, previous == null ? nowMillis : previous.sinceMillis()));
    }

    boolean remove(final String player) {
        return waiting.remove(player) != null;
    }

    int size() {
        return waiting.size();
    }

    /**
     * Takes out every group it can form now: walking the players in rating order, a window of
     * {@code matchSize} neighbours forms a match when its spread fits the allowance of its longest
     * wait. Returns the groups, each a list of player names.
     */
    List<List<String>> formMatches(final long nowMillis) {
        final List<Waiting> byRating = new ArrayList<>(waiting.values());
        byRating.sort(Comparator.comparingInt(Waiting::rating).thenComparing(Waiting::player));
        final List<List<String>> groups = new ArrayList<>();
        int start = 0;
        while (start + matchSize <= byRating.size()) {
            final List<Waiting> window = byRating.subList(start, start + matchSize);
            final int spread = window.get(matchSize - 1).rating() - window.get(0).rating();
            long longestWait = 0;
            for (final Waiting w : window) {
                longestWait = Math.max(longestWait, nowMillis - w.sinceMillis());
            }
            if (spread <= BASE_SPREAD + SPREAD_PER_SECOND * (longestWait / 1000)) {
                final List<String> group = new ArrayList<>(matchSize);
                for (final Waiting w : window) {
                    group.add(w.player());
                    waiting.remove(w.player());
                }
                groups.add(group);
                start += matchSize;
            } else {
                start++;
            }
        }
        return groups;
    }
}
