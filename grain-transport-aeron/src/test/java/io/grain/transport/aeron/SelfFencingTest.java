package io.grain.transport.aeron;

import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfFencingTest {
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long T0 = 1_000_000_000L;

    @Test
    void aMemberThatSeesBothOthersOfThreeDeclaredDeadGivesUpItsActivations() {
        final SelfFencing fencing = new SelfFencing(2, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), alive(2, 1));
        final ClusterView oneGone = view(dead(0, 1), alive(1, 1), alive(2, 1));
        final ClusterView bothGone = view(dead(0, 1), dead(1, 1), alive(2, 1));

        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onView(all, oneGone, T0 + 10), "one of two others gone: not more than half");
        assertTrue(fencing.onView(oneGone, bothGone, T0 + 20), "both others gone within a failure timeout: cut off");
        assertFalse(fencing.onView(bothGone, bothGone, T0 + 30), "only once: no new death since");
    }

    @Test
    void theMajoritySideKeepsItsActivations() {
        final SelfFencing fencing = new SelfFencing(0, TIMEOUT_NS);
        final ClusterView five = view(alive(0, 1), alive(1, 1), alive(2, 1), alive(3, 1), alive(4, 1));
        final ClusterView twoCut = view(alive(0, 1), alive(1, 1), alive(2, 1), dead(3, 1), dead(4, 1));
        assertFalse(fencing.onView(null, five, T0));
        assertFalse(fencing.onView(five, twoCut, T0 + 10), "two of four others gone: the rest is the majority");

        final SelfFencing minority = new SelfFencing(3, TIMEOUT_NS);
        final ClusterView threeCut = view(dead(0, 1), dead(1, 1), dead(2, 1), alive(3, 1), alive(4, 1));
        assertFalse(minority.onView(null, five, T0));
        assertTrue(minority.onView(five, threeCut, T0 + 10), "three of four others gone: the small side of a partition");
    }

    @Test
    void deathsFartherApartThanTheFailureTimeoutAreSeparateCrashesNotACut() {
        final SelfFencing fencing = new SelfFencing(2, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), alive(2, 1), alive(3, 1));
        final ClusterView one = view(dead(0, 1), alive(1, 1), alive(2, 1), alive(3, 1));
        final ClusterView two = view(dead(0, 1), dead(1, 1), alive(2, 1), alive(3, 1));
        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onView(all, one, T0));
        assertFalse(fencing.onView(one, two, T0 + TIMEOUT_NS + 1), "the first crash is older than a failure timeout");
    }

    @Test
    void membersThatLeftGracefullyDoNotCount() {
        final SelfFencing fencing = new SelfFencing(2, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), alive(2, 1));
        final ClusterView left = view(record(0, 1, MemberStatus.LEFT, true), record(1, 1, MemberStatus.LEFT, true), alive(2, 1));
        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onView(all, left, T0 + 10));
    }

    @Test
    void aNewIncarnationOfThisMemberGivesUpItsActivations() {
        final SelfFencing fencing = new SelfFencing(1, TIMEOUT_NS);
        final ClusterView before = view(alive(0, 1), alive(1, 5), alive(2, 1));
        final ClusterView refuted = view(alive(0, 1), alive(1, 6), alive(2, 1));
        assertFalse(fencing.onView(null, before, T0), "its first incarnation is not a new one");
        assertFalse(fencing.onView(before, before, T0 + 1));
        assertTrue(fencing.onView(before, refuted, T0 + 2), "told it is dead, it refuted with a new incarnation");
        assertFalse(fencing.onView(refuted, refuted, T0 + 3));
    }

    @Test
    void clientsHostNothingAndNeverFence() {
        final SelfFencing fencing = new SelfFencing(100, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), record(100, 1, MemberStatus.ALIVE, false));
        final ClusterView gone = view(dead(0, 1), dead(1, 1), record(100, 2, MemberStatus.ALIVE, false));
        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onView(all, gone, T0 + 10));
    }

    @Test
    void silenceFromMostOthersForTheFailureTimeoutFencesOncePerSilence() {
        // a provider that keeps its last view (its database is out of reach too): only silence tells
        final SelfFencing fencing = new SelfFencing(2, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), alive(2, 1));
        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onIdle(all, T0), "first seen now: silent for no time yet");
        fencing.onActivity(0, T0 + TIMEOUT_NS);
        assertFalse(fencing.onIdle(all, T0 + TIMEOUT_NS + 1), "member 1 silent, member 0 heard: not more than half");

        assertTrue(fencing.onIdle(all, T0 + 2 * TIMEOUT_NS + 2), "both silent for the failure timeout");
        assertFalse(fencing.onIdle(all, T0 + 3 * TIMEOUT_NS), "once per silence");

        fencing.onActivity(0, T0 + 3 * TIMEOUT_NS + 1);
        fencing.onActivity(1, T0 + 3 * TIMEOUT_NS + 1);
        assertFalse(fencing.onIdle(all, T0 + 4 * TIMEOUT_NS), "heard from both again");
        assertTrue(fencing.onIdle(all, T0 + 5 * TIMEOUT_NS), "a new silence fences again");
    }

    @Test
    void oneSilentMemberOfThreeIsACrashElsewhereNotACut() {
        final SelfFencing fencing = new SelfFencing(0, TIMEOUT_NS);
        final ClusterView all = view(alive(0, 1), alive(1, 1), alive(2, 1));
        assertFalse(fencing.onView(null, all, T0));
        assertFalse(fencing.onIdle(all, T0));
        for (long t = T0; t <= T0 + 3 * TIMEOUT_NS; t += TIMEOUT_NS / 10) {
            fencing.onActivity(1, t);
            assertFalse(fencing.onIdle(all, t), "member 2 silent alone at " + t);
        }
    }

    private static MemberRecord alive(final int id, final long incarnation) {
        return record(id, incarnation, MemberStatus.ALIVE, true);
    }

    private static MemberRecord dead(final int id, final long incarnation) {
        return record(id, incarnation, MemberStatus.DEAD, true);
    }

    private static MemberRecord record(final int id, final long incarnation, final MemberStatus status, final boolean hosting) {
        return new MemberRecord(id, incarnation, status, hosting, "10.0.0." + (id % 200 + 1) + ":7000", "host:/dev/shm/m" + id);
    }

    private static ClusterView view(final MemberRecord... records) {
        final List<MemberRecord> sorted = new ArrayList<>(List.of(records));
        sorted.sort(Comparator.comparingInt(MemberRecord::memberId));
        return new ClusterView(sorted);
    }
}
