package io.grain.sample.arena;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchmakingQueueTest {
    @Test
    void formsGroupsOfNeighboursInRating() {
        final MatchmakingQueue queue = new MatchmakingQueue(2);
        queue.add("low1", 800, 0);
        queue.add("high1", 1500, 0);
        queue.add("low2", 820, 0);
        queue.add("high2", 1490, 0);
        assertEquals(List.of(List.of("low1", "low2"), List.of("high2", "high1")), queue.formMatches(0));
        assertEquals(0, queue.size());
    }

    @Test
    void theWindowWidensWithWaiting() {
        final MatchmakingQueue queue = new MatchmakingQueue(2);
        queue.add("a", 1000, 0);
        queue.add("b", 1350, 0);
        assertTrue(queue.formMatches(1_000).isEmpty(), "350 apart is too far after one second");
        assertEquals(List.of(List.of("a", "b")), queue.formMatches(3_000));
    }

    @Test
    void leftoversKeepWaitingAndKeepTheirPlace() {
        final MatchmakingQueue queue = new MatchmakingQueue(3);
        queue.add("a", 1000, 0);
        queue.add("b", 1000, 0);
        assertTrue(queue.formMatches(10_000).isEmpty());
        queue.add("a", 1010, 20_000);
        queue.add("c", 1000, 20_000);
        assertEquals(List.of(List.of("b", "c", "a")), queue.formMatches(20_000));
    }

    @Test
    void removeAndBadSizes() {
        final MatchmakingQueue queue = new MatchmakingQueue(2);
        queue.add("a", 1000, 0);
        assertTrue(queue.remove("a"));
        assertEquals(0, queue.size());
        assertThrows(IllegalArgumentException.class, () -> new MatchmakingQueue(1));
    }
}
