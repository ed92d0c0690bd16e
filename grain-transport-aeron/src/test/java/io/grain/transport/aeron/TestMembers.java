package io.grain.transport.aeron;

import io.grain.runtime.membership.MembershipView;
import org.agrona.CloseHelper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A few transports in this JVM for tests; closes them all. */
final class TestMembers implements AutoCloseable {
    static final Duration CONVERGE = Duration.ofSeconds(20);

    final List<AeronTransport> transports = new ArrayList<>();

    static AeronTransport.Context context(final int memberId, final String endpoint) {
        return new AeronTransport.Context()
            .memberId(memberId)
            .endpoint(endpoint)
            .heartbeatInterval(100, TimeUnit.MILLISECONDS)
            .failureTimeout(1500, TimeUnit.MILLISECONDS)
            .imageLossGrace(300, TimeUnit.MILLISECONDS)
            .imageLivenessTimeout(2, TimeUnit.SECONDS)
            .maxFrameSize(16 * 1024)
            .outboundQueueCapacity(256 * 1024)
            .inboundQueueCapacity(256 * 1024);
    }

    AeronTransport add(final AeronTransport.Context ctx) {
        final AeronTransport t = AeronTransport.launch(ctx);
        transports.add(t);
        return t;
    }

    /** Waits until every open transport's hosting view is exactly {@code ids}. */
    void awaitHostingView(final List<AeronTransport> of, final int... ids) {
        final int[] sorted = ids.clone();
        Arrays.sort(sorted);
        Await.until(CONVERGE, () -> of.stream().allMatch(t -> Arrays.equals(members(t.membership().view()), sorted)),
            () -> "views " + of.stream().map(t -> t.memberId() + ":" + t.clusterView()).toList() + " want " + Arrays.toString(sorted));
    }

    static int[] members(final MembershipView view) {
        final int[] ids = new int[view.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = view.member(i);
        }
        return ids;
    }

    @Override
    public void close() {
        transports.forEach(CloseHelper::quietClose);
    }
}
