package io.grain.membership.postgres;

import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A member process for the process tests: {@code PgMemberMain <id> <jdbcUrl> <aeronDir>}. Joins the
 * cluster through the membership table with the test timings, prints {@code READY <endpoint>}, then
 * prints {@code SELF <incarnation> <status> hosting=<bool>} each time its own view of itself changes
 * (as the runtime would see it: the applied view), and leaves when its standard input closes. A test
 * program: it talks on stdout.
 */
public final class PgMemberMain {
    private PgMemberMain() {
    }

    public static void main(final String[] args) throws Exception {
        final int id = Integer.parseInt(args[0]);
        final AeronTransport transport = AeronTransport.launch(Members.transportContext(id)
            .embeddedDirectoryName(args[2])
            .membershipProvider(new PostgresMembership(Members.context(args[1]))));
        final Thread monitor = new Thread(() -> watchSelf(transport), "self-monitor");
        monitor.setDaemon(true);
        monitor.start();
        System.out.println("READY " + transport.endpoint());
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for the test to close our stdin (or to die, which closes it too)
        }
        transport.close();
        System.out.println("CLOSED");
    }

    private static void watchSelf(final AeronTransport transport) {
        String last = "";
        while (true) {
            final ClusterView view = transport.clusterView();
            final MemberRecord self = view.record(transport.memberId());
            final String line = self == null ? "SELF none" : "SELF " + self.incarnation() + " " + self.status()
                + " hosting=" + view.hostingView().contains(transport.memberId());
            if (!line.equals(last)) {
                System.out.println(line);
                System.out.flush();
                last = line;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
