package io.grain.transport.aeron.membership;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link GossipMembership}s on a simulated network with a virtual clock, all on the test thread:
 * deterministic. Messages are delivered in send order when time advances; a crashed node neither
 * sends nor receives; a partition drops messages between two sides.
 */
final class SimulatedNetwork {
    static final long HEARTBEAT_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long FAILURE_NS = TimeUnit.MILLISECONDS.toNanos(1000);
    static final long GRACE_NS = TimeUnit.MILLISECONDS.toNanos(300);
    static final long STEP_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private record Message(int from, int to, byte[] bytes) {
    }

    final Map<Integer, GossipMembership> nodes = new HashMap<>();
    private final Map<String, Integer> endpoints = new HashMap<>();
    private final Set<Integer> crashed = new HashSet<>();
    private final Set<Set<Integer>> cuts = new HashSet<>();
    private final ArrayDeque<Message> inFlight = new ArrayDeque<>();
    long nowNs = TimeUnit.SECONDS.toNanos(1000);
    int delivered;

    static String endpoint(final int id) {
        return "10.0.0." + id + ":7000";
    }

    /** Table bound of the nodes started from now on. */
    int maxMembers = GossipMembership.DEFAULT_MAX_MEMBERS;

    GossipMembership start(final int id, final long incarnation, final boolean hosting, final List<String> seeds) {
        final GossipMembership node = new GossipMembership(seeds, HEARTBEAT_NS, FAILURE_NS, GRACE_NS, maxMembers,
            GossipMembership.DEFAULT_MAX_TABLE_BYTES);
        crashed.remove(id);
        nodes.put(id, node);
        endpoints.put(endpoint(id), id);
        node.start(new MemberRecord(id, incarnation, MemberStatus.ALIVE, hosting, endpoint(id), "driver-" + id),
            new ControlSender() {
                @Override
                public boolean sendToMember(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
                    return send(id, memberId, buffer, offset, length);
                }

                @Override
                public boolean sendToEndpoint(final String endpoint, final DirectBuffer buffer, final int offset, final int length) {
                    final Integer to = endpoints.get(endpoint);
                    return to != null && send(id, to, buffer, offset, length);
                }
            }, nowNs);
        return node;
    }

    private boolean send(final int from, final int to, final DirectBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        inFlight.add(new Message(from, to, bytes));
        return true;
    }

    /** Delivers {@code bytes} to {@code to} as if {@code from} had sent them (a forged sender, maybe). */
    void inject(final int from, final int to, final byte[] bytes) {
        inFlight.add(new Message(from, to, bytes));
    }

    void crash(final int id) {
        crashed.add(id);
    }

    void partition(final int a, final int b) {
        cuts.add(Set.of(a, b));
    }

    void heal() {
        cuts.clear();
    }

    /** Moves virtual time forward in small steps, delivering messages and running every node. */
    void advance(final long nanos) {
        final long end = nowNs + nanos;
        while (nowNs < end) {
            nowNs += STEP_NS;
            for (final Map.Entry<Integer, GossipMembership> e : new ArrayList<>(nodes.entrySet())) {
                if (!crashed.contains(e.getKey())) {
                    e.getValue().doWork(nowNs);
                }
            }
            deliver();
        }
    }

    void advanceMillis(final long millis) {
        advance(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private void deliver() {
        final int n = inFlight.size();
        for (int i = 0; i < n; i++) {
            final Message m = inFlight.poll();
            if (crashed.contains(m.to) || cuts.contains(Set.of(m.from, m.to))) {
                continue;
            }
            final GossipMembership node = nodes.get(m.to);
            if (node != null) {
                node.onControlMessage(m.from, new UnsafeBuffer(m.bytes), 0, m.bytes.length, nowNs);
                delivered++;
            }
        }
    }

    /** Hosting alive ids as node {@code id} sees them. */
    List<Integer> hosting(final int id) {
        final List<Integer> ids = new ArrayList<>();
        final var view = nodes.get(id).view().hostingView();
        for (int i = 0; i < view.size(); i++) {
            ids.add(view.member(i));
        }
        return ids;
    }
}
