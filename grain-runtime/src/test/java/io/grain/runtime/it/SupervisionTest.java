package io.grain.runtime.it;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.Supervision;
import io.grain.runtime.grains.Alarm;
import io.grain.runtime.grains.AlarmGrain;
import io.grain.runtime.grains.Fragile;
import io.grain.runtime.grains.FragileGrain;
import io.grain.runtime.grains.Trace;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-kind supervision on TestCluster virtual time: restarts after failed turns, back-off of failing activations. */
class SupervisionTest {
    private TestCluster cluster;

    @BeforeEach
    void reset() {
        Trace.reset();
        FragileGrain.FAIL_ACTIVATIONS.set(0);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(final int members, final Supervision supervision) {
        cluster = TestCluster.builder().members(members)
            .register(Fragile.class, FragileGrain::new, kind -> kind.supervision(supervision))
            .start();
    }

    private Fragile fragile(final String key) {
        return cluster.grains().get(Fragile.class, key);
    }

    private long total(final int counter) {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            sum += cluster.counters(i).get(counter);
        }
        return sum;
    }

    @Test
    void byDefaultAFailureFailsTheCallAndTheActivationStays() {
        start(1, Supervision.DEFAULT);
        assertEquals(1, Await.result(fragile("a").bump()));
        final GrainException e = Await.failure(fragile("a").fail("exception"), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        Await.failure(fragile("a").fail("error"), GrainException.class);
        assertEquals(2, Await.result(fragile("a").bump()));
        assertEquals(List.of("activate a"), Trace.events());
        assertEquals(0, total(MemberCounters.RESTARTS));
    }

    @Test
    void restartOnFailureDeactivatesAndTheNextCallGetsAFreshActivationWithItsStateReloaded() {
        start(1, Supervision.DEFAULT.restartOnFailure());
        Await.result(fragile("a").save(7));
        assertEquals(1, Await.result(fragile("a").bump()));
        Await.result(fragile("a").setUnsaved(9));

        final GrainException e = Await.failure(fragile("a").fail("exception"), GrainException.class);
        assertEquals(IllegalStateException.class.getName(), e.errorType());
        assertEquals("broken a", e.errorMessage());
        assertEquals(List.of("activate a", "deactivate a"), Trace.events());
        assertEquals(0, cluster.activationCount());

        assertEquals(1, Await.result(fragile("a").bump()), "a fresh activation");
        assertEquals(7, Await.result(fragile("a").value()), "the stored state, not the unsaved 9");
        assertEquals(List.of("activate a", "deactivate a", "activate a"), Trace.events());
        assertEquals(1, total(MemberCounters.RESTARTS));
    }

    @Test
    void anErrorAndAFailedFutureRestartToo() {
        start(1, Supervision.DEFAULT.restartOnFailure());
        final GrainException error = Await.failure(fragile("a").fail("error"), GrainException.class);
        assertEquals(Error.class.getName(), error.errorType());
        assertEquals(1, Await.result(fragile("a").bump()));
        Await.failure(fragile("a").fail("future"), GrainException.class);
        assertEquals(1, Await.result(fragile("a").bump()));
        assertEquals(2, total(MemberCounters.RESTARTS));
    }

    @Test
    void restartWhenRestartsOnlyOnTheFailuresItAccepts() {
        start(1, Supervision.DEFAULT.restartWhen(t -> t instanceof IllegalStateException));
        assertEquals(1, Await.result(fragile("a").bump()));
        Await.failure(fragile("a").fail("future"), GrainException.class); // IllegalArgumentException: stays
        assertEquals(2, Await.result(fragile("a").bump()));
        Await.failure(fragile("a").fail("exception"), GrainException.class); // IllegalStateException: restarts
        assertEquals(1, Await.result(fragile("a").bump()));
        assertEquals(1, total(MemberCounters.RESTARTS));
    }

    @Test
    void callsThatWaitedBehindTheFailedTurnRunOnTheFreshActivation() {
        start(1, Supervision.DEFAULT.restartOnFailure());
        assertEquals(1, Await.result(fragile("a").bump()));
        final CompletableFuture<Integer> failing = fragile("a").failLater("g");
        cluster.settle();
        final CompletableFuture<Integer> waiting = fragile("a").bump();
        cluster.settle();
        assertFalse(waiting.isDone(), "a non-reentrant grain queues the call behind the running turn");

        Trace.open("g");
        Await.failure(failing, GrainException.class);
        assertEquals(1, Await.result(waiting), "ran on the fresh activation, not the failed one (which would say 2)");
        assertEquals(List.of("activate a", "deactivate a", "activate a"), Trace.events());
        assertEquals(1, total(MemberCounters.RESTARTS));
    }

    @Test
    void failingActivationsBackOffAndCallersFailFastWithTheCauseAndRetryTime() {
        start(2, Supervision.DEFAULT.backOffActivations(2, Duration.ofSeconds(10), Duration.ofSeconds(15)));
        final GrainId id = GrainId.of("fragile", "a");
        final int caller = 1 - cluster.ownerOf(id); // the calls cross members: the refusal travels back
        final Fragile remote = cluster.grains(caller).get(Fragile.class, "a");
        FragileGrain.FAIL_ACTIVATIONS.set(100);

        // the first two failures are tried, each by its call
        for (int i = 0; i < 2; i++) {
            final GrainException e = Await.failure(remote.bump(), GrainException.class);
            assertEquals(IllegalArgumentException.class.getName(), e.errorType());
        }
        assertEquals(98, FragileGrain.FAIL_ACTIVATIONS.get());

        // then calls fail at once, without trying the activation
        GrainUnavailableException refused = Await.failure(remote.bump(), GrainUnavailableException.class);
        assertTrue(refused.getMessage().contains("activation of fragile/a failed 2 times in a row (last: "
            + "java.lang.IllegalArgumentException: onActivate refused a)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("until 2024-01-01T00:00:10Z (in 10000 ms)"), refused.getMessage());
        cluster.advance(Duration.ofSeconds(9));
        Await.failure(remote.bump(), GrainUnavailableException.class);
        assertEquals(98, FragileGrain.FAIL_ACTIVATIONS.get());
        assertEquals(2, total(MemberCounters.ACTIVATION_FAILURES));
        assertEquals(2, total(MemberCounters.BACKOFF_REJECTIONS));

        // when the wait is over the next call tries again; another failure doubles the wait, up to the maximum
        cluster.advance(Duration.ofSeconds(1));
        Await.failure(remote.bump(), GrainException.class);
        assertEquals(97, FragileGrain.FAIL_ACTIVATIONS.get());
        refused = Await.failure(remote.bump(), GrainUnavailableException.class);
        assertTrue(refused.getMessage().contains("failed 3 times in a row"), refused.getMessage());
        assertTrue(refused.getMessage().contains("(in 15000 ms)"), refused.getMessage());

        // a successful activation ends the back-off
        FragileGrain.FAIL_ACTIVATIONS.set(0);
        cluster.advance(Duration.ofSeconds(15));
        assertEquals(1, Await.result(remote.bump()));
        assertEquals(2, Await.result(remote.bump()));
        assertEquals(3, total(MemberCounters.ACTIVATION_FAILURES));
        assertEquals(3, total(MemberCounters.BACKOFF_REJECTIONS));
    }

    @Test
    void byDefaultEveryCallTriesAFailingActivationAgain() {
        start(1, Supervision.DEFAULT);
        FragileGrain.FAIL_ACTIVATIONS.set(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(IllegalArgumentException.class.getName(),
                Await.failure(fragile("a").bump(), GrainException.class).errorType());
        }
        assertEquals(1, Await.result(fragile("a").bump()));
        assertEquals(3, total(MemberCounters.ACTIVATION_FAILURES));
        assertEquals(0, total(MemberCounters.BACKOFF_REJECTIONS));
    }

    @Test
    void aFailedReminderTickRestartsTheGrainAndTheReminderKeepsTicking() {
        cluster = TestCluster.builder().members(1)
            .register(Alarm.class, AlarmGrain::new, kind -> kind.supervision(Supervision.DEFAULT.restartOnFailure()))
            .start();
        AlarmGrain.FAIL_TICKS.set(1);
        try {
            final Alarm alarm = cluster.grains().get(Alarm.class, "a");
            Await.result(alarm.remind("r", 60_000, 60_000));
            cluster.advance(Duration.ofMinutes(1));
            assertEquals(1, total(MemberCounters.RESTARTS));
            assertEquals(1, total(MemberCounters.REMINDER_FAILURES));
            assertEquals(0, cluster.activationCount(), "the failed tick deactivated the grain");
            cluster.advance(Duration.ofMinutes(1));
            assertEquals(1, Await.result(alarm.ticks()), "the second tick ran on a fresh activation");
            assertEquals(2, total(MemberCounters.REMINDER_TICKS));
        } finally {
            AlarmGrain.FAIL_TICKS.set(0);
        }
    }

    @Test
    void badBackOffSettingsAreRefusedAtRegistration() {
        assertThrows(IllegalArgumentException.class,
            () -> Supervision.DEFAULT.backOffActivations(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class,
            () -> Supervision.DEFAULT.backOffActivations(1, Duration.ofSeconds(3), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class,
            () -> Supervision.DEFAULT.backOffActivations(1, Duration.ZERO, Duration.ofSeconds(2)));
        assertEquals(1_000, Supervision.DEFAULT.backOffActivations(2, Duration.ofSeconds(1), Duration.ofDays(1000)).backOffMillis(2));
        assertEquals(0, Supervision.DEFAULT.backOffActivations(2, Duration.ofSeconds(1), Duration.ofDays(1000)).backOffMillis(1));
        assertEquals(Duration.ofDays(1000).toMillis(),
            Supervision.DEFAULT.backOffActivations(2, Duration.ofSeconds(1), Duration.ofDays(1000)).backOffMillis(200));
    }
}
