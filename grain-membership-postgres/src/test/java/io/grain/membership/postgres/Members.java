package io.grain.membership.postgres;

import io.grain.membership.postgres.grains.Where;
import io.grain.membership.postgres.grains.WhereGrain;
import io.grain.runtime.GrainMember;
import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.MemberRecord;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Members in this JVM for tests, each its own {@link AeronTransport} on loopback (ephemeral port,
 * own embedded driver) with a {@link PostgresMembership} on one database; closes them all.
 */
final class Members implements AutoCloseable {
    final Map<Integer, AeronTransport> transports = new LinkedHashMap<>();
    final Map<Integer, PostgresMembership> providers = new LinkedHashMap<>();
    /** Grain members over some of the transports (hosting {@link Where}). */
    final Map<Integer, GrainMember> grainMembers = new LinkedHashMap<>();
    private final String url;

    Members(final String url) {
        this.url = url;
    }

    /** Settings for tests: short timings, so detection takes about two seconds. */
    static PostgresMembership.Context context(final String url) {
        return new PostgresMembership.Context()
            .url(url)
            .clusterId("test")
            .probeInterval(100, TimeUnit.MILLISECONDS)
            .probeTimeout(1500, TimeUnit.MILLISECONDS)
            .imageLossGrace(300, TimeUnit.MILLISECONDS)
            .iAmAlivePeriod(300, TimeUnit.MILLISECONDS)
            .refreshPeriod(300, TimeUnit.MILLISECONDS)
            .rejoinDelay(300, TimeUnit.MILLISECONDS)
            .queryTimeoutSeconds(2);
    }

    static AeronTransport.Context transportContext(final int id) {
        return new AeronTransport.Context()
            .memberId(id)
            .endpoint("127.0.0.1:0")
            .imageLivenessTimeout(2, TimeUnit.SECONDS)
            .maxFrameSize(16 * 1024)
            .outboundQueueCapacity(256 * 1024)
            .inboundQueueCapacity(256 * 1024);
    }

    AeronTransport start(final int id) {
        return start(id, context(url));
    }

    AeronTransport start(final int id, final PostgresMembership.Context ctx) {
        final PostgresMembership provider = new PostgresMembership(ctx);
        final AeronTransport t = AeronTransport.launch(transportContext(id).membershipProvider(provider));
        transports.put(id, t);
        providers.put(id, provider);
        return t;
    }

    /** A member that hosts {@link Where} grains over its transport (calls time out after {@code callTimeout}). */
    GrainMember startGrainMember(final int id, final Duration callTimeout) {
        final AeronTransport t = start(id);
        final GrainMember member = GrainMember.builder()
            .shards(1)
            .callTimeout(callTimeout)
            .register(Where.class, c -> new WhereGrain(c, id))
            .transport(t, t.membership())
            .start();
        grainMembers.put(id, member);
        return member;
    }

    /** Waits until every listed member's view shows exactly {@code alive} alive, and all hold the same records. */
    void awaitAgreement(final List<Integer> of, final int... alive) {
        final int[] sorted = alive.clone();
        Arrays.sort(sorted);
        Await.until(Await.CONVERGE, () -> {
            ClusterView first = null;
            for (final int id : of) {
                final ClusterView v = transports.get(id).clusterView();
                if (!Arrays.equals(v.aliveIds(), sorted) || (first != null && !first.records().equals(v.records()))) {
                    return false;
                }
                first = v;
            }
            return true;
        }, () -> "views " + views(of) + ", want alive " + Arrays.toString(sorted));
    }

    String views(final List<Integer> of) {
        final List<String> out = new ArrayList<>();
        for (final int id : of) {
            out.add(id + ": " + transports.get(id).clusterView());
        }
        return out.toString();
    }

    MemberRecord record(final int viewer, final int member) {
        return transports.get(viewer).clusterView().record(member);
    }

    /**
     * Sends one message from {@code from} to {@code to} and waits until {@code to} polls it: the
     * members serve each other. Retries the send while the transport pushes back or has no route yet.
     */
    void exchange(final int from, final int to, final String text) {
        final UnsafeBuffer message = new UnsafeBuffer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final AeronTransport sender = transports.get(from);
        final AeronTransport receiver = transports.get(to);
        final AtomicReference<String> got = new AtomicReference<>();
        final List<String> seen = new ArrayList<>();
        Await.until(Await.CONVERGE, () -> {
            final int result = sender.send(to, message, 0, message.capacity());
            if (result != Transport.SENT) {
                return false;
            }
            return true;
        }, () -> from + " could not send to " + to + ", views " + views(List.of(from, to)));
        Await.until(Await.CONVERGE, () -> {
            receiver.poll((buffer, offset, length) -> {
                final String s = buffer.getStringWithoutLengthUtf8(offset, length);
                seen.add(s);
                if (s.equals(text)) {
                    got.set(s);
                }
            }, 16);
            return got.get() != null;
        }, () -> to + " did not receive '" + text + "' from " + from + " (saw " + seen + ")");
    }

    /** Stops a member without a word (its provider writes nothing): a crash. */
    void kill(final int id) {
        transports.remove(id).kill();
        providers.remove(id);
    }

    /** Leaves gracefully: LEFT is written before the transport stops. */
    void closeMember(final int id) {
        transports.remove(id).close();
        providers.remove(id);
    }

    @Override
    public void close() {
        grainMembers.values().forEach(CloseHelper::quietClose);
        grainMembers.clear();
        transports.values().forEach(CloseHelper::quietClose);
        transports.clear();
        providers.clear();
    }
}
