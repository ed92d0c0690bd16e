package io.grain.sample.arena;

import io.grain.sample.arena.MatchView.Fighter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one match, free of any framework: fighters on a square grid each tick take their
 * latest move (a step, then maybe an attack that hits every opponent on the eight cells around),
 * and the match ends when one fighter is left or the tick limit is reached. Deterministic: the same
 * moves give the same result. Plain state of one Match activation: not thread safe.
 */
final class Arena {
    static final int SIZE = 8;
    static final int HEALTH = 3;
    /** A match lasts at most this many ticks. */
    static final int MAX_TICKS = 200;

    private final Map<String, State> fighters = new LinkedHashMap<>();
    private final Map<String, Move> moves = new HashMap<>();
    /** Players in the order they fell, first fallen first. */
    private final List<String> fallen = new ArrayList<>();
    private int tick;

    private static final class State {
        final String player;
        int x;
        int y;
        int health = HEALTH;
        int kills;

        State(final String player, final int x, final int y) {
            this.player = player;
            this.x = x;
            this.y = y;
        }
    }

    /** Places the players evenly along the border, in the order given. */
    Arena(final List<String> players) {
        if (players.size() < 2) {
            throw new IllegalArgumentException("an arena needs two players or more: " + players);
        }
        final int perimeter = 4 * (SIZE - 1);
        for (int i = 0; i < players.size(); i++) {
            final int p = i * perimeter / players.size();
            final int side = p / (SIZE - 1);
            final int along = p % (SIZE - 1);
            final int x = side == 0 ? along : side == 1 ? SIZE - 1 : side == 2 ? SIZE - 1 - along : 0;
            final int y = side == 0 ? 0 : side == 1 ? along : side == 2 ? SIZE - 1 : SIZE - 1 - along;
            fighters.put(players.get(i), new State(players.get(i), x, y));
        }
    }

    /** Records a player's move for the next tick; unknown or fallen players are ignored. */
    void move(final String player, final Move move) {
        final State state = fighters.get(player);
        if (state != null && state.health > 0) {
            moves.put(player, move);
        }
    }

    /** Plays one tick: every step, then every attack. */
    void tick() {
        if (finished()) {
            return;
        }
        tick++;
        for (final State f : fighters.values()) {
            final Move move = moves.getOrDefault(f.player, Move.STAY);
            if (f.health > 0) {
                f.x = clamp(f.x + move.direction().dx);
                f.y = clamp(f.y + move.direction().dy);
            }
        }
        final Map<String, Integer> damage = new HashMap<>();
        for (final State attacker : fighters.values()) {
            if (attacker.health <= 0 || !moves.getOrDefault(attacker.player, Move.STAY).attack()) {
                continue;
            }
            for (final State target : fighters.values()) {
                if (target != attacker && target.health > 0
                    && Math.abs(target.x - attacker.x) <= 1 && Math.abs(target.y - attacker.y) <= 1) {
                    damage.merge(target.player, 1, Integer::sum);
                    if (target.health - damage.get(target.player) == 0) {
                        attacker.kills++;
                    }
                }
            }
        }
        for (final State f : fighters.values()) {
            final int hit = damage.getOrDefault(f.player, 0);
            if (hit > 0 && f.health > 0) {
                f.health = Math.max(0, f.health - hit);
                if (f.health == 0) {
                    fallen.add(f.player);
                }
            }
        }
        moves.clear();
    }

    boolean finished() {
        return tick >= MAX_TICKS || fighters.size() - fallen.size() <= 1;
    }

    int tickCount() {
        return tick;
    }

    /** Winner first: the standing by health (then kills, then name), then the fallen, last fallen first. */
    List<String> ranking() {
        final List<State> standing = new ArrayList<>();
        for (final State f : fighters.values()) {
            if (f.health > 0) {
                standing.add(f);
            }
        }
        standing.sort((a, b) -> a.health != b.health ? b.health - a.health
            : a.kills != b.kills ? b.kills - a.kills : a.player.compareTo(b.player));
        final List<String> ranking = new ArrayList<>();
        for (final State f : standing) {
            ranking.add(f.player);
        }
        for (int i = fallen.size() - 1; i >= 0; i--) {
            ranking.add(fallen.get(i));
        }
        return ranking;
    }

    int kills(final String player) {
        return fighters.get(player).kills;
    }

    List<Fighter> fighters() {
        final List<Fighter> view = new ArrayList<>(fighters.size());
        for (final State f : fighters.values()) {
            view.add(new Fighter(f.player, f.x, f.y, f.health, f.kills));
        }
        return view;
    }

    private static int clamp(final int coordinate) {
        return Math.max(0, Math.min(SIZE - 1, coordinate));
    }
}
