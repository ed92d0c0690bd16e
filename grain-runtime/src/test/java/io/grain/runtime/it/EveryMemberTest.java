package io.grain.runtime.it;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberReply;
import io.grain.runtime.grains.Summary;
import io.grain.runtime.grains.SummaryGrain;
import io.grain.runtime.grains.Trace;
import io.grain.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls to one grain on every live member (one activation per member), on a TestCluster. */
class EveryMemberTest {
    private TestCluster cluster;

    @BeforeEach
    void start() {
        Trace.reset();
        cluster = TestCluster.builder().members(3).register(Summary.class, SummaryGrain::new).start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static List<Integer> members(final List<? extends MemberReply<?>> replies) {
        return replies.stream().map(MemberReply::member).collect(Collectors.toList());
    }

    private static String instance(final MemberReply<String> reply) {
        assertTrue(reply.ok(), "member " + reply.member() + " failed: " + reply.failure());
        return reply.value().substring(0, reply.value().indexOf('#'));
    }

    @Test
    void aCallReachesOneActivationOnEveryLiveMemberAndReusesIt() {
        final List<MemberReply<String>> first = Await.result(cluster.everyMember().call(Summary.class, "cache", Summary::who));
        assertEquals(List.of(0, 1, 2), members(first));
        final Set<String> instances = new HashSet<>();
        for (final MemberReply<String> reply : first) {
            assertTrue(reply.value().endsWith("#1"), reply.value());
            instances.add(instance(reply));
        }
        assertEquals(3, instances.size(), "three activations: " + first);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, cluster.activationCount(i), "member " + i);
        }

        // through another member, the same activations answer again
        final List<MemberReply<String>> second = Await.result(cluster.everyMember(2).call(Summary.class, "cache", Summary::who));
        for (int i = 0; i < 3; i++) {
            assertEquals(instance(first.get(i)), instance(second.get(i)));
            assertTrue(second.get(i).value().endsWith("#2"), second.get(i).value());
        }
        assertEquals(3, cluster.activationCount());
    }

    @Test
    void aOneWaySendReachesEveryMember() {
        assertEquals(3, cluster.everyMember().send(Summary.class, 7L, s -> s.note("reload")));
        cluster.settle();
        final List<MemberReply<List<String>>> notes = Await.result(cluster.everyMember().call(Summary.class, 7L, Summary::notes));
        assertEquals(List.of(0, 1, 2), members(notes));
        for (final MemberReply<List<String>> reply : notes) {
            assertEquals(List.of("reload"), reply.value(), "member " + reply.member());
        }
    }

    @Test
    void aMemberThatDiesDuringTheCallReportsItsFailureAndTheOthersAnswer() {
        final CompletableFuture<List<MemberReply<String>>> call =
            cluster.everyMember().call(Summary.class, "slow", s -> s.waitFor("g"));
        cluster.settle();
        cluster.kill(2);
        assertFalse(call.isDone());
        Trace.open("g");
        final List<MemberReply<String>> replies = Await.result(call);
        assertEquals(List.of(0, 1, 2), members(replies));
        assertEquals("opened g", replies.get(0).value());
        assertEquals("opened g", replies.get(1).value());
        assertFalse(replies.get(2).ok());
        assertNull(replies.get(2).value());
        assertInstanceOf(GrainUnavailableException.class, replies.get(2).failure());
        assertTrue(replies.get(2).failure().getMessage().contains("member 2 left or crashed"), replies.get(2).failure().getMessage());

        // a call made now reaches the live members only
        assertEquals(List.of(0, 1), members(Await.result(cluster.everyMember().call(Summary.class, "slow", Summary::who))));
    }

    @Test
    void aCallThatThrowsForOneMemberIsThatMembersFailure() {
        final List<MemberReply<String>> replies = Await.result(cluster.everyMember().call(Summary.class, "x", s -> {
            throw new IllegalStateException("refused");
        }));
        assertEquals(3, replies.size());
        for (final MemberReply<String> reply : replies) {
            assertInstanceOf(IllegalStateException.class, reply.failure());
        }
    }

    @Test
    void perMemberActivationsStayWhenMembershipChanges() {
        // the key's placement owner is one member; the others host it only because of the pinned calls
        final int owner = cluster.ownerOf(GrainId.of("summary", "cache"));
        final List<MemberReply<String>> before = Await.result(cluster.everyMember().call(Summary.class, "cache", Summary::who));
        final int joined = cluster.addMember();
        for (int i = 0; i < 3; i++) {
            assertEquals(1, cluster.activationCount(i), "member " + i + " (owner " + owner + ") keeps its activation");
        }
        final List<MemberReply<String>> after = Await.result(cluster.everyMember().call(Summary.class, "cache", Summary::who));
        assertEquals(List.of(0, 1, 2, joined), members(after));
        for (int i = 0; i < 3; i++) {
            assertEquals(instance(before.get(i)), instance(after.get(i)));
        }
    }

    @Test
    void aCallPinnedToOneMemberRunsOnThatMembersActivationOnly() {
        final String first = Await.result(cluster.everyMember().on(1, Summary.class, "cache").who());
        assertEquals(0, cluster.activationCount(0));
        assertEquals(1, cluster.activationCount(1));
        assertEquals(0, cluster.activationCount(2));
        // the same activation as the every-member call's on member 1
        final List<MemberReply<String>> all = Await.result(cluster.everyMember().call(Summary.class, "cache", Summary::who));
        assertEquals(instance(all.get(1)), first.substring(0, first.indexOf('#')));
        // from another member, pinned to member 1 again
        assertTrue(Await.result(cluster.everyMember(2).on(1, Summary.class, "cache").who()).endsWith("#3"));
    }

    @Test
    void aCallPinnedToAMemberOutsideTheViewFailsAtOnce() {
        cluster.kill(2);
        final CompletableFuture<String> call = cluster.everyMember(0).on(2, Summary.class, "cache").who();
        // failed without waiting for its timeout: no virtual time passes
        assertTrue(call.isCompletedExceptionally(), "failed at once");
        final Throwable failure = call.handle((value, error) -> error).join();
        assertInstanceOf(GrainUnavailableException.class, failure instanceof java.util.concurrent.CompletionException
            ? failure.getCause() : failure);
        // a one-way call to it is dropped, never thrown
        cluster.everyMember(0).on(2, Summary.class, "cache").note("lost");
        assertEquals(0, cluster.activationCount(0));
        assertEquals(0, cluster.activationCount(1));
    }

    @Test
    void grainCodeGathersFromEveryMemberOnItsOwnThread() {
        final Summary root = cluster.grains().get(Summary.class, "root");
        assertEquals("0=ok,1=ok,2=ok", Await.result(root.gather("leaf")));
    }
}
