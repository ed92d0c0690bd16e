package io.grain.sample.arena;

import io.grain.sample.arena.Move.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArenaTest {
    @Test
    void playersStartOnDistinctBorderCells() {
        final Arena arena = new Arena(List.of("a", "b", "c", "d"));
        assertEquals(4, arena.fighters().stream().map(f -> f.x() * 100 + f.y()).distinct().count());
        for (final MatchView.Fighter f : arena.fighters()) {
            assertTrue(f.x() == 0 || f.y() == 0 || f.x() == Arena.SIZE - 1 || f.y() == Arena.SIZE - 1, f.toString());
            assertEquals(Arena.HEALTH, f.health());
        }
    }

    @Test
    void anAttackHitsAdjacentOpponentsAndTheLastStandingWins() {
        final Arena arena = new Arena(List.of("a", "b"));
        // a starts at (0,0); b on the far side: walk a toward b until adjacent, b stays
        final MatchView.Fighter b = arena.fighters().get(1);
        int guard = 0;
        while (!adjacent(arena) && guard++ < 40) {
            final MatchView.Fighter a = arena.fighters().get(0);
            arena.move("a", new Move(a.x() < b.x() - 1 ? Direction.EAST : a.y() < b.y() - 1 ? Direction.SOUTH
                : a.x() > b.x() + 1 ? Direction.WEST : Direction.NORTH, false));
            arena.tick();
        }
        assertTrue(adjacent(arena), "a reached b");
        for (int i = 0; i < Arena.HEALTH; i++) {
            assertFalse(arena.finished());
            arena.move("a", new Move(Direction.NONE, true));
            arena.tick();
        }
        assertTrue(arena.finished());
        assertEquals(List.of("a", "b"), arena.ranking());
        assertEquals(1, arena.kills("a"));
        final int ticks = arena.tickCount();
        arena.move("a", new Move(Direction.NONE, true));
        arena.tick();
        assertEquals(ticks, arena.tickCount(), "a finished match stands still");
    }

    @Test
    void theTickLimitEndsAStalemateRankedByHealth() {
        final Arena arena = new Arena(List.of("x", "y", "z"));
        for (int i = 0; i < Arena.MAX_TICKS; i++) {
            assertFalse(arena.finished());
            arena.tick();
        }
        assertTrue(arena.finished());
        assertEquals(List.of("x", "y", "z"), arena.ranking(), "equal health and kills: by name");
    }

    @Test
    void movesOfStrangersAreIgnoredAndWallsHold() {
        final Arena arena = new Arena(List.of("a", "b"));
        arena.move("nobody", new Move(Direction.EAST, true));
        arena.move("a", new Move(Direction.NORTH, false));
        arena.tick();
        assertEquals(0, arena.fighters().get(0).y(), "a stays on the top edge");
        assertThrows(IllegalArgumentException.class, () -> new Arena(List.of("alone")));
    }

    private static boolean adjacent(final Arena arena) {
        final MatchView.Fighter a = arena.fighters().get(0);
        final MatchView.Fighter b = arena.fighters().get(1);
        return Math.abs(a.x() - b.x()) <= 1 && Math.abs(a.y() - b.y()) <= 1;
    }
}
