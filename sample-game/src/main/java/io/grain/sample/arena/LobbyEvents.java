package io.grain.sample.arena;

import io.grain.annotation.ClientObserver;
import io.grain.annotation.OneWay;

/** What the lobby pushes to the clients in it (observer kind {@code lobby_events}): each chat line, in the order the lobby got them. */
@ClientObserver(LobbyEvents.OBSERVER)
public interface LobbyEvents {
    /** The observer kind pushes carry. */
    String OBSERVER = "lobby_events";

    @OneWay
    void line(ChatLine line);
}
