package io.grain.sample.arena;

import io.grain.runtime.GrainContext;
import io.grain.runtime.wire.ProtoWriter;

import java.util.List;

/**
 * How the game's grains push to players' clients: the push's message is encoded once with the
 * observer interface's generated codec ({@link MatchEventsCodec}, {@link ArenaEventsCodec}) and
 * sent to every member's {@link PushRelay}, whose gateway delivers it to the players it holds.
 * Called from grain code, on the activation's thread; never blocks, never fails the grain.
 */
final class ClientPushes {
    private ClientPushes() {
    }

    static void matchStarted(final GrainContext context, final List<String> players, final long matchId) {
        final ProtoWriter w = new ProtoWriter();
        MatchEventsCodec.writeStartedRequest(w, matchId, players);
        send(context, players, MatchEvents.OBSERVER, "Started", w.toByteArray());
    }

    static void matchTick(final GrainContext context, final List<String> players, final MatchView view) {
        final ProtoWriter w = new ProtoWriter();
        MatchEventsCodec.writeTickRequest(w, view);
        send(context, players, MatchEvents.OBSERVER, "Tick", w.toByteArray());
    }

    static void matchEnded(final GrainContext context, final List<String> players, final MatchView view) {
        final ProtoWriter w = new ProtoWriter();
        MatchEventsCodec.writeEndedRequest(w, view);
        send(context, players, MatchEvents.OBSERVER, "Ended", w.toByteArray());
    }

    static void summary(final GrainContext context, final List<String> viewers, final ArenaSummary summary) {
        final ProtoWriter w = new ProtoWriter(1024);
        ArenaEventsCodec.writeSummaryRequest(w, summary);
        send(context, viewers, ArenaEvents.OBSERVER, "Summary", w.toByteArray());
    }

    private static void send(final GrainContext context, final List<String> principals, final String observer, final String method,
        final byte[] payload) {
        if (!principals.isEmpty()) {
            context.everyMember().send(PushRelay.class, PushRelay.KEY, relay -> relay.push(principals, observer, method, payload));
        }
    }
}
