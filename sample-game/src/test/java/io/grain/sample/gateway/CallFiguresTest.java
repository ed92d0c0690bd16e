package io.grain.sample.gateway;

import io.grain.metrics.micrometer.GrainMeters;
import io.grain.runtime.MemberReply;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.MemberLoad;
import io.grain.sample.arena.MemberStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls/s and latency of a member, read from its {@code grain.calls} timers: per window, and through the member status. */
class CallFiguresTest {
    private static Timer callTimer(final PrometheusMeterRegistry registry, final String method) {
        // as GrainMeters builds them: a percentile histogram between its bounds
        return Timer.builder(GrainMeters.CALLS).tag("method", method).publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    @Test
    void eachReadGivesTheRateAndPercentilesOfItsOwnWindowOverEveryTimer() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final AtomicLong nanos = new AtomicLong(1_000);
        final CallFigures figures = new CallFigures(registry, nanos::get);
        final Timer fast = callTimer(registry, "fast");
        final Timer slow = callTimer(registry, "slow");
        assertEquals(new CallFigures.Window(0, 0, 0), figures.read(), "no calls, no figures");

        for (int i = 0; i < 98; i++) {
            fast.record(1, TimeUnit.MILLISECONDS);
        }
        slow.record(200, TimeUnit.MILLISECONDS);
        slow.record(200, TimeUnit.MILLISECONDS);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        final CallFigures.Window first = figures.read();
        assertEquals(50.0, first.callsPerSecond(), 1e-9, "100 calls in 2 s");
        assertTrue(first.p50Millis() >= 1 && first.p50Millis() < 2, "p50 is the 1 ms bucket: " + first);
        assertTrue(first.p99Millis() >= 200 && first.p99Millis() < 400, "p99 is the 200 ms bucket: " + first);

        // the next window holds only what came after: ten fast calls in one second
        for (int i = 0; i < 10; i++) {
            fast.record(1, TimeUnit.MILLISECONDS);
        }
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        final CallFigures.Window second = figures.read();
        assertEquals(10.0, second.callsPerSecond(), 1e-9);
        assertTrue(second.p99Millis() < 2, "the slow calls are in the earlier window: " + second);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(new CallFigures.Window(0, 0, 0), figures.read(), "a quiet window");
    }

    @Test
    void theMemberStatusCallFiguresMoveAfterCalls() {
        try (LocalArena arena = new LocalArena(2)) {
            final Leaderboard board = arena.member(0).grains().get(Leaderboard.class, Leaderboard.GLOBAL);
            final List<MemberReply<MemberLoad>> before = statuses(arena); // opens each member's window
            for (int i = 0; i < 20; i++) {
                board.top(5).join();
            }
            final List<MemberReply<MemberLoad>> after = statuses(arena);
            boolean hostSeen = false;
            for (final MemberReply<MemberLoad> reply : after) {
                final MemberLoad load = reply.value();
                final long served = load.calls() - before.stream().filter(r -> r.member() == reply.member()).findFirst().orElseThrow().value().calls();
                if (served >= 20) { // the member that hosts the board
                    hostSeen = true;
                    assertTrue(load.callsPerSecond() > 0, "its calls were counted: " + load);
                    assertTrue(load.p50Millis() > 0 && load.p99Millis() >= load.p50Millis(), load.toString());
                }
            }
            assertTrue(hostSeen, "one member served the board's calls: " + after);
        }
    }

    private static List<MemberReply<MemberLoad>> statuses(final LocalArena arena) {
        final List<MemberReply<MemberLoad>> replies =
            arena.member(0).everyMember().call(MemberStatus.class, MemberStatus.KEY, MemberStatus::load).join();
        assertEquals(2, replies.size());
        replies.forEach(r -> assertTrue(r.ok(), String.valueOf(r.failure())));
        return replies;
    }
}
