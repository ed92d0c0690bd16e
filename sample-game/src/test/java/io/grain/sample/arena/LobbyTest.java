package io.grain.sample.arena;

import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lobby chat's bounds on virtual time: what a player may say, and that refused lines reach nobody. */
class LobbyTest {
    /** (principal, observer, method) of each push the lobby made. */
    private final List<String> pushes = new CopyOnWriteArrayList<>();

    private final TestCluster cluster = TestCluster.builder().members(2)
        .register(Player.class, PlayerGrain::new)
        .register(Spectators.class, context -> new SpectatorsGrain(context, (principal, observer, method, payload) -> { }))
        .register(Lobby.class, context -> new LobbyGrain(context,
            (principal, observer, method, payload) -> pushes.add(principal + " " + observer + "." + method)))
        .start();

    @AfterEach
    void close() {
        cluster.close();
    }

    private static String refusal(final Runnable call) {
        final CompletionException refused = assertThrows(CompletionException.class, call::run);
        return refused.getCause().getMessage();
    }

    @Test
    void linesReachTheListenersAndOverLongEmptyOrTooFrequentLinesAreRefusedAndReachNobody() {
        final Player ann = cluster.grains().get(Player.class, "ann");
        final Player bob = cluster.grains(1).get(Player.class, "bob");
        ann.watch();
        bob.watch();
        cluster.settle();
        assertEquals(2, cluster.grains().get(Lobby.class, Lobby.ARENA).listeners().join());

        final String tooLong = refusal(() -> ann.say("x".repeat(Lobby.MAX_LINE + 1)).join());
        assertTrue(tooLong.contains("at most 200 chars, this one has 201"), tooLong);
        assertTrue(refusal(() -> ann.say(" ").join()).contains("needs some text"));
        for (int i = 0; i < Lobby.MAX_LINES_PER_WINDOW; i++) {
            ann.say("line " + i).join();
        }
        final String tooMany = refusal(() -> ann.say("one more").join());
        assertTrue(tooMany.contains("at most 5 chat lines in 10 s"), tooMany);
        cluster.settle();
        assertEquals(2 * Lobby.MAX_LINES_PER_WINDOW, pushes.size(), "each accepted line to both listeners, no refused one: " + pushes);
        assertEquals(Lobby.MAX_LINES_PER_WINDOW, pushes.stream().filter(p -> p.equals("bob lobby_events.Line")).count());

        // the bound is a sliding window: once it has passed, ann speaks again; bob was never limited by her
        bob.say("hi").join();
        cluster.advance(Duration.ofMillis(Lobby.RATE_WINDOW_MILLIS));
        ann.say("back").join();
        cluster.settle();
        assertEquals(2 * (Lobby.MAX_LINES_PER_WINDOW + 2), pushes.size());
    }
}
