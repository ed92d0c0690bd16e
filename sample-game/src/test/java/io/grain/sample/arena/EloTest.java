package io.grain.sample.arena;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EloTest {
    @Test
    void equalPlayersSplitTheFullSwing() {
        assertEquals(List.of(16, -16), box(Elo.deltas(List.of(1000, 1000))));
    }

    @Test
    void anUpsetMovesMoreThanAnExpectedWin() {
        final int upset = Elo.deltas(List.of(900, 1300))[0];
        final int expected = Elo.deltas(List.of(1300, 900))[0];
        assertTrue(upset > 25 && expected < 5, upset + " vs " + expected);
    }

    @Test
    void ratingIsConservedAndOrderIsRespectedInBigMatches() {
        final int[] deltas = Elo.deltas(List.of(1000, 1010, 990, 1005, 1000));
        assertEquals(0, Arrays.stream(deltas).sum());
        for (int i = 1; i < deltas.length; i++) {
            assertTrue(deltas[i - 1] > deltas[i], Arrays.toString(deltas));
        }
    }

    @Test
    void aLonePlayerGetsNothing() {
        assertEquals(List.of(0), box(Elo.deltas(List.of(1200))));
    }

    private static List<Integer> box(final int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
