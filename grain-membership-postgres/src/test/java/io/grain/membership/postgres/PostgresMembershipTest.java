package io.grain.membership.postgres;

import io.grain.runtime.GrainMember;
import io.grain.runtime.membership.ClusterMember;
import io.grain.runtime.membership.MemberState;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members over Aeron on loopback, each with its own transport, on one membership table in a real
 * PostgreSQL: joining without seeds, leaving, crashing, the rule that one observer alone cannot
 * declare a member dead, and a member declared dead while alive rejoining as a new incarnation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresMembershipTest {
    private String url;
    private Members members;

    @BeforeEach
    void setUp() {
        url = EmbeddedPostgresServer.newUrl();
        members = new Members(url);
    }

    @AfterEach
    void tearDown() {
        members.close();
    }

    @Test
    void threeMembersJoinWithoutSeedsAndAgreeOnOneView() {
        members.start(1);
        members.start(2);
        members.start(3);
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
        for (final int from : List.of(1, 2, 3)) {
            for (final int to : List.of(1, 2, 3)) {
                if (from != to) {
                    members.exchange(from, to, "hello " + from + " to " + to);
                }
            }
        }
        assertTrue(members.providers.get(1).tableVersion() >= 3, "three joins, three versions at least");
    }

    @Test
    void aMemberThatLeavesIsLeftInEveryView() throws SQLException {
        members.start(1);
        members.start(2);
        members.start(3);
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
        final long incarnation = members.record(1, 3).incarnation();
        members.closeMember(3);
        members.awaitAgreement(List.of(1, 2), 1, 2);
        assertEquals(MemberStatus.LEFT, members.record(1, 3).status());
        assertEquals(incarnation, members.record(2, 3).incarnation());
        assertEquals("LEFT", statusInTable(3));
        assertEquals(0, members.providers.get(1).declaredDead() + members.providers.get(2).declaredDead());
    }

    @Test
    void aCrashedMemberIsDeclaredDeadByTheVotesOfTheOthers() throws SQLException {
        members.start(1);
        members.start(2);
        members.start(3);
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
        final long incarnation = members.record(1, 3).incarnation();
        members.kill(3);
        members.awaitAgreement(List.of(1, 2), 1, 2);
        final MemberRecord dead = members.record(1, 3);
        assertEquals(MemberStatus.DEAD, dead.status(), "killed without a leave: declared dead, not left");
        assertEquals(incarnation, dead.incarnation());
        assertEquals("DEAD", statusInTable(3));
        assertEquals(1, members.providers.get(1).declaredDead() + members.providers.get(2).declaredDead(),
            "one of the two voters cast the deciding vote");
        members.exchange(1, 2, "still serving");
    }

    @Test
    void oneObserverAloneCannotDeclareAMemberDeadAndTheVictimRejoinsAsANewIncarnation() throws Exception {
        members.start(1);
        members.start(2);
        members.start(3);
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
        final long incarnation = members.record(1, 3).incarnation();

        members.transports.get(1).declareDead(3);
        Await.until(Await.CONVERGE, () -> votesOn(3) == 1, () -> "member 1's vote on 3 never reached the table");
        // the vote was counted (1 of 2) and 3 stays alive everywhere: the table and every view
        assertEquals("ALIVE", statusInTable(3));
        for (final int viewer : List.of(1, 2, 3)) {
            assertEquals(incarnation, members.record(viewer, 3).incarnation());
            assertTrue(members.record(viewer, 3).alive());
        }
        assertEquals(0, members.providers.get(1).declaredDead());

        members.transports.get(2).declareDead(3);
        // the second vote kills incarnation 1 of member 3, which learns it and comes back as a new one
        Await.until(Await.CONVERGE, () -> members.providers.get(3).self().incarnation() > incarnation,
            () -> "member 3 never rejoined; views " + members.views(List.of(1, 2, 3)));
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);
        final long rejoined = members.record(1, 3).incarnation();
        assertNotEquals(incarnation, rejoined);
        assertEquals(rejoined, members.providers.get(3).self().incarnation());
        assertEquals(1, members.providers.get(1).declaredDead() + members.providers.get(2).declaredDead());
        members.exchange(1, 3, "to the new incarnation");
        members.exchange(3, 2, "from the new incarnation");
    }

    private String role(final int viewer, final int member) {
        for (final ClusterMember m : members.transports.get(viewer).membership().members()) {
            if (m.id() == member) {
                return m.get("role");
            }
        }
        return null;
    }

    @Test
    void aMembersKeysReachEveryMemberThroughTheTableSurviveARejoinAndGoWithTheMember() {
        final GrainMember one = members.startGrainMember(1, java.time.Duration.ofSeconds(10));
        final GrainMember two = members.startGrainMember(2, java.time.Duration.ofSeconds(10));
        members.start(3);
        members.awaitAgreement(List.of(1, 2, 3), 1, 2, 3);

        two.cluster().setKey("role", "gateway");
        two.cluster().setKey("role", "lobby");
        members.transports.get(3).membership().publishState(3, MemberState.EMPTY.with("role", "game"));
        Await.until(Await.CONVERGE, () -> List.of(1, 2, 3).stream().allMatch(v -> "lobby".equals(role(v, 2))
            && "game".equals(role(v, 3))), () -> "views " + members.views(List.of(1, 2, 3)));
        assertEquals(2, one.cluster().member(2).state().version(), "the newest state, whichever writes landed");
        assertThrows(IllegalArgumentException.class, () -> two.cluster().setKey("k".repeat(MemberState.MAX_KEY_BYTES + 1), "v"));

        // member 3 is declared dead while alive: it rejoins as a new incarnation that carries its state
        final long incarnation = members.record(1, 3).incarnation();
        members.transports.get(1).declareDead(3);
        members.transports.get(2).declareDead(3);
        Await.until(Await.CONVERGE, () -> members.record(1, 3).incarnation() > incarnation && members.record(1, 3).alive()
            && "game".equals(role(1, 3)), () -> "views " + members.views(List.of(1, 2, 3)));

        members.kill(3);
        Await.until(Await.CONVERGE, () -> one.cluster().member(3) == null && two.cluster().member(3) == null,
            () -> "views " + members.views(List.of(1, 2)));
        assertEquals(MemberState.EMPTY, members.record(1, 3).state(), "a DEAD member shows no state");
        assertEquals("lobby", one.cluster().member(2).get("role"));
    }

    @Test
    void badSettingsFailWithAClearError() {
        assertThrows(IllegalArgumentException.class, () -> new PostgresMembership(new PostgresMembership.Context()),
            "neither a DataSource nor a URL");
        final IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
            () -> new PostgresMembership(new PostgresMembership.Context().url("jdbc:mysql://x/y")));
        assertTrue(url.getMessage().contains("jdbc:postgresql:"), url.getMessage());
        final IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
            () -> new PostgresMembership(new PostgresMembership.Context().url(url()).tablePrefix("x; drop table y")));
        assertTrue(prefix.getMessage().contains("tablePrefix"), prefix.getMessage());
        final IllegalArgumentException votes = assertThrows(IllegalArgumentException.class,
            () -> new PostgresMembership(new PostgresMembership.Context().url(url()).votesNeeded(0)));
        assertTrue(votes.getMessage().contains("votesNeeded"), votes.getMessage());
        final IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
            () -> new PostgresMembership(new PostgresMembership.Context().url(url())
                .probeInterval(1, TimeUnit.SECONDS).probeTimeout(1, TimeUnit.SECONDS)));
        assertTrue(timeout.getMessage().contains("probeTimeout"), timeout.getMessage());
        final IllegalArgumentException expiry = assertThrows(IllegalArgumentException.class,
            () -> new PostgresMembership(new PostgresMembership.Context().url(url())
                .voteExpiry(1, TimeUnit.SECONDS)));
        assertTrue(expiry.getMessage().contains("voteExpiry"), expiry.getMessage());
    }

    private String url() {
        return url;
    }

    private String statusInTable(final int memberId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement p = c.prepareStatement(
                 "SELECT status FROM grain_membership_member WHERE cluster_id = 'test' AND member_id = ?")) {
            p.setInt(1, memberId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? MemberStatus.values()[rs.getInt(1)].name() : "none";
            }
        }
    }

    private int votesOn(final int memberId) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement p = c.prepareStatement(
                 "SELECT count(*) FROM grain_membership_vote WHERE cluster_id = 'test' AND member_id = ?")) {
            p.setInt(1, memberId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (final SQLException ex) {
            return -1;
        }
    }
}
