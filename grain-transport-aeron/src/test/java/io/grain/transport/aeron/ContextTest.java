package io.grain.transport.aeron;

import io.grain.runtime.transport.Transport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AeronTransport.Context}: validated once at launch, never changed by it, reusable. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextTest {
    @Test
    void concludeValidatesWithoutChangingTheContextAndGivesTheSameAnswerTwice() {
        final AeronTransport.Context ctx = TestMembers.context(3, "127.0.0.1:0");
        final String before = ctx.toString();
        assertSame(ctx, ctx.conclude());
        assertSame(ctx, ctx.conclude());
        assertEquals(before, ctx.toString(), "conclude resolves nothing into the user's context");
        assertTrue(before.contains("incarnation=per launch"), before);
    }

    @Test
    void badSettingsAreNamedByConcludeAndByLaunch() {
        final IllegalArgumentException timings = assertThrows(IllegalArgumentException.class,
            () -> TestMembers.context(3, "127.0.0.1:0").heartbeatInterval(1, TimeUnit.SECONDS).conclude());
        assertTrue(timings.getMessage().contains("must exceed two heartbeat intervals"), timings.getMessage());
        final IllegalArgumentException grace = assertThrows(IllegalArgumentException.class,
            () -> AeronTransport.launch(TestMembers.context(3, "127.0.0.1:0").imageLossGrace(-1, TimeUnit.MILLISECONDS)));
        assertTrue(grace.getMessage().contains("image loss grace"), grace.getMessage());
        final IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
            () -> new AeronTransport.Context().endpoint("127.0.0.1:0").conclude());
        assertTrue(id.getMessage().contains("memberId"), id.getMessage());
        final IllegalArgumentException endpoint = assertThrows(IllegalArgumentException.class,
            () -> new AeronTransport.Context().memberId(1).conclude());
        assertTrue(endpoint.getMessage().contains("endpoint"), endpoint.getMessage());
    }

    @Test
    void relaunchingWithTheSameContextGivesANewIncarnation() {
        final AeronTransport.Context ctx = TestMembers.context(4, "127.0.0.1:0");
        final long first;
        try (AeronTransport t = AeronTransport.launch(ctx)) {
            first = t.incarnation();
            Await.until(TestMembers.CONVERGE, () -> t.clusterView().record(4) != null, () -> "own record: " + t.clusterView());
            assertEquals(first, t.clusterView().record(4).incarnation(), "the transport announces its incarnation");
        }
        try (AeronTransport again = AeronTransport.launch(ctx)) {
            assertTrue(again.incarnation() > first, "a relaunch is a new incarnation: " + again.incarnation() + " after " + first);
        }
        assertTrue(ctx.toString().contains("incarnation=per launch"), ctx.toString());
    }

    @Test
    void aContextChangedAfterLaunchLeavesTheRunningTransportAlone() {
        final AeronTransport.Context ctx = TestMembers.context(5, "127.0.0.1:0").incarnation(42);
        try (AeronTransport t = AeronTransport.launch(ctx)) {
            ctx.memberId(6).incarnation(43).client(true);
            assertEquals(5, t.memberId());
            assertEquals(42, t.incarnation());
            assertTrue(t.hostsGrains());
        }
    }

    @Test
    void clientModeIsAnnouncedAndClosingTwiceIsHarmless() {
        final AeronTransport t = AeronTransport.launch(TestMembers.context(7, "127.0.0.1:0").client(true));
        assertFalse(t.hostsGrains());
        assertSame(t.membership(), ((Transport)t).membership(), "the transport carries its membership");
        t.close();
        t.close();
        assertEquals(Transport.CLOSED, t.send(7, new UnsafeBuffer(new byte[8]), 0, 8));
    }
}
