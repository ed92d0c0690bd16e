package io.grain.sample.arena;

import io.grain.annotation.ClientObserver;
import io.grain.annotation.OneWay;

import java.util.List;

/**
 * What a match pushes to its players' game clients (observer kind {@code match_events}): its start,
 * every tick, and its end. A client learns of its match from {@code Started}, moves on each
 * {@code Tick}, and queues again after {@code Ended}. The processor generates its push client
 * ({@code MatchEventsPush}) and its schema ({@code MatchEvents.proto}: the rpcs are the push
 * methods, their request messages the pushes); a grain gets one per player with
 * {@code Pushes.observer(context.grains(), MatchEvents.class, player)}.
 */
@ClientObserver(MatchEvents.OBSERVER)
public interface MatchEvents {
    /** The observer kind pushes carry. */
    String OBSERVER = "match_events";

    /** The match began; {@code players} in their starting order. */
    @OneWay
    void started(long matchId, List<String> players);

    /** The match after one tick. */
    @OneWay
    void tick(MatchView view);

    /** The match ended: {@code view.ranking()} is the result, winner first. */
    @OneWay
    void ended(MatchView view);
}
