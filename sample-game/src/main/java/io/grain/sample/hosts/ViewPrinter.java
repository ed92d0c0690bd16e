package io.grain.sample.hosts;

import io.grain.runtime.membership.MembershipView;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.membership.MemberRecord;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints a member's membership view, and its own incarnation, whenever either changes:
 * {@code VIEW version=<v> members=[0, 1, 2] incarnation=<n>}. An operator sees from it when a member
 * lost its peers and when it rejoined under a new incarnation; {@link HostsDrill} reads it. Runs on
 * a daemon thread of its own that polls the transport's view (an immutable snapshot) every 20 ms.
 */
public final class ViewPrinter {
    /** The first word of the lines it prints. */
    public static final String MARKER = "VIEW ";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private ViewPrinter() {
    }

    /** Starts printing the views of {@code transport}, a member of id {@code memberId}, to standard output. */
    public static void start(final AeronTransport transport, final int memberId) {
        final Thread thread = new Thread(() -> {
            MembershipView printed = null;
            long printedIncarnation = -1;
            while (!Thread.currentThread().isInterrupted()) {
                final MembershipView view = transport.membership().view();
                final long incarnation = incarnation(transport, memberId);
                if (view != printed || incarnation != printedIncarnation) {
                    System.out.println(MARKER + "version=" + view.version() + " members=" + members(view) + " incarnation=" + incarnation);
                    System.out.flush();
                    printed = view;
                    printedIncarnation = incarnation;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }, "view-printer-" + memberId);
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code memberId}'s own incarnation in its table, or -1 before it has a record. */
    public static long incarnation(final AeronTransport transport, final int memberId) {
        final MemberRecord self = transport.clusterView().record(memberId);
        return self == null ? -1 : self.incarnation();
    }

    private static String members(final MembershipView view) {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < view.size(); i++) {
            text.append(i == 0 ? "" : ",").append(view.member(i));
        }
        return text.append(']').toString();
    }
}
