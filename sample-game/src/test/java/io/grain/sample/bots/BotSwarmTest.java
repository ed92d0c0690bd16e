package io.grain.sample.bots;

import io.grain.runtime.GrainMember;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.LeaderboardGrain;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchGrain;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MatchmakerGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bots play whole matches against a real member on real time, bounded by a deadline. */
class BotSwarmTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(90);

    @Test
    @Timeout(120)
    void botsLogInQueueAndFinishMatches() {
        try (InMemoryStorage storage = new InMemoryStorage();
             GrainMember member = GrainMember.builder().shards(2)
                .storage(storage)
                .register(Player.class, PlayerGrain::new)
                .register(Matchmaker.class, MatchmakerGrain::new)
                .register(Match.class, MatchGrain::new)
                .register(Leaderboard.class, LeaderboardGrain::new)
                .start();
             BotSwarm swarm = new BotSwarm(member.grains(), 8, "bot")) {
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (swarm.stats().matchesFinished() < 3 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertTrue(swarm.stats().matchesFinished() >= 3, "finished " + swarm.stats().matchesFinished());
            assertEquals(0, swarm.stats().failures());
            assertEquals(8, swarm.stats().botsOnline());
            assertTrue(swarm.stats().total().calls() > 0);
            final int ranked = member.grains().get(Leaderboard.class, Leaderboard.GLOBAL).top(100).join().size();
            assertTrue(ranked >= 4 && ranked <= 8, "players of finished matches are on the board: " + ranked);
        }
    }
}
