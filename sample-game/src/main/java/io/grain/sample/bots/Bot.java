package io.grain.sample.bots;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.grain.sample.arena.MatchEvents;
import io.grain.sample.arena.PlayerProfile;
import io.grain.sample.arena.PlayerStats;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One game client, as a real one would be: it connects to a member's gateway over WebSocket, logs
 * in with its token, and plays only through the client-callable methods of its own player grain
 * and the public view of a match. It logs in, queues, learns of its match from the
 * {@code Started} push, answers every {@code Tick} push with a move (toward the nearest opponent,
 * attacking when next to one) until the {@code Ended} push, and queues again.
 *
 * <p>Pushes can be missed (a gateway died, the bot was reconnecting), so the bot also looks for
 * itself: while queued it asks for its assignment now and then, and in a match that sent no tick
 * for a while it reads the match's view. When its gateway dies it connects to another one and
 * carries on where it was.
 *
 * <p>It also checks that its player's data is never lost: every profile it reads was stored before
 * the player answered (a player answers a result only once it is written), so the matches played
 * it sees may only grow; it remembers the newest profile it read ({@link #acknowledged()}).
 *
 * <p>All of a bot's steps run on the swarm's scheduler thread (its connection hands replies and
 * pushes there), so a bot's state needs no locks; {@link #acknowledged()} is read after the
 * scheduler stopped.
 */
final class Bot implements GatewayClient.Listener {
    /** How often a bot looks after itself (assignment, a silent match, reconnecting). */
    static final long CHECK_MILLIS = 500;
    /** A queued bot that heard of no match for this long asks for its assignment. */
    static final long ASK_ASSIGNMENT_AFTER_MILLIS = 2_000;
    /** A match that pushed no tick for this long is looked at. */
    static final long SILENT_MATCH_MILLIS = 2_000;
    /** Moves a bot has on their way at most. */
    static final int MAX_MOVES_IN_FLIGHT = 4;
    /** A bot says a line in the lobby chat at most this often (the lobby allows 5 lines in 10 s). */
    static final long SAY_EVERY_MILLIS = 30_000;

    private final String name;
    private final String token;
    private final int index;
    private final Supplier<List<String>> gateways;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final SwarmStats stats;
    private volatile boolean running = true;
    private GatewayClient connection;
    /** The gateway this bot is connected to, or null; read by other threads for the run's report. */
    private volatile String connectedTo;
    private boolean connecting;
    private int attempt;
    private boolean everConnected;
    private boolean reconnected;
    /** The match being played, 0 when none. */
    private long matchId;
    private long heardAt;
    private boolean queued;
    private boolean busy;
    private int movesInFlight;
    /** When this bot last said a line in the lobby (0: never). */
    private long saidAt;
    private PlayerProfile acknowledged;

    /**
     * @param index    spreads the bots over the gateways: bot i first connects to gateway i mod n.
     * @param gateways the live gateways' WebSocket URLs, asked again on every reconnect.
     */
    Bot(final String name, final String token, final int index, final Supplier<List<String>> gateways, final HttpClient http,
        final ScheduledExecutorService scheduler, final SwarmStats stats) {
        this.name = name;
        this.token = token;
        this.index = index;
        this.gateways = gateways;
        this.http = http;
        this.scheduler = scheduler;
        this.stats = stats;
    }

    String name() {
        return name;
    }

    /** The WebSocket URL of the gateway this bot is connected to now, or null. Any thread. */
    String connectedTo() {
        return connectedTo;
    }

    /** The newest profile this bot read from its player (null before its first login). */
    PlayerProfile acknowledged() {
        return acknowledged;
    }

    void start() {
        stats.botOnline();
        connect();
        scheduler.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (running) {
            running = false;
            stats.botOffline();
            if (connection != null) {
                connection.close();
            }
        }
    }

    // ---- the connection ----------------------------------------------------------------------------

    private void connect() {
        final List<String> urls = gateways.get();
        if (!running || connecting || urls.isEmpty()) {
            return;
        }
        connecting = true;
        final String url = urls.get(Math.floorMod(index + attempt, urls.size()));
        attempt++;
        GatewayClient.connect(http, url, token, scheduler, this).whenComplete((client, failure) -> {
            connecting = false;
            if (failure != null) {
                stats.connectFailed();
                return; // check() tries the next gateway
            }
            if (!running) {
                client.close();
                return;
            }
            connection = client;
            connectedTo = url;
            stats.connected(name);
            if (everConnected) {
                stats.reconnected(name);
                reconnected = true;
            }
            everConnected = true;
            if (matchId != 0) {
                lookAtMatch(); // carry on with the match we were in
            } else {
                queue();
            }
        });
    }

    @Override
    public void onClosed(final String why) {
        connection = null;
        connectedTo = null;
        busy = false;
        movesInFlight = 0;
        if (running) {
            stats.disconnected(why);
        }
    }

    /** Every {@link #CHECK_MILLIS}: reconnect, ask for a missed assignment, look at a silent match. */
    private void check() {
        if (!running) {
            return;
        }
        if (connection == null || !connection.isOpen()) {
            connection = null;
            connect();
            return;
        }
        final long now = System.currentTimeMillis();
        if (busy || now - heardAt < (matchId != 0 ? SILENT_MATCH_MILLIS : ASK_ASSIGNMENT_AFTER_MILLIS)) {
            return;
        }
        if (matchId != 0) {
            lookAtMatch();
        } else if (queued) {
            askAssignment();
        } else {
            queue();
        }
    }

    // ---- the game ----------------------------------------------------------------------------------

    private void queue() {
        queued = false;
        heardAt = System.currentTimeMillis();
        call("player", name, "Login", null, reply -> {
            read(profile(reply.getAsJsonObject("result")));
            call("player", name, "Queue", null, ignored -> {
                queued = true;
                heardAt = System.currentTimeMillis();
            });
        });
    }

    private void askAssignment() {
        call("player", name, "Assignment", null, reply -> {
            heardAt = System.currentTimeMillis();
            if (reply.has("result") && matchId == 0) {
                startPlaying(reply.get("result").getAsLong());
                lookAtMatch();
            }
        });
    }

    private void lookAtMatch() {
        final long id = matchId;
        call("match", id, "View", null, reply -> {
            heardAt = System.currentTimeMillis();
            if (id == matchId) {
                onView(reply.getAsJsonObject("result"));
            }
        });
    }

    @Override
    public void onPush(final String observer, final String method, final JsonObject message) {
        stats.pushReceived();
        if (!running || !MatchEvents.OBSERVER.equals(observer)) {
            return;
        }
        switch (method) {
            case "Started" -> {
                if (matchId == 0 && contains(message.getAsJsonArray("players"), name)) {
                    startPlaying(message.get("matchId").getAsLong());
                }
            }
            case "Tick", "Ended" -> {
                final JsonObject view = message.getAsJsonObject("view");
                if (view != null && view.get("matchId").getAsLong() == matchId) {
                    heardAt = System.currentTimeMillis();
                    onView(view);
                }
            }
            default -> {
                // a push this bot does not use
            }
        }
    }

    private void startPlaying(final long id) {
        matchId = id;
        queued = false;
        heardAt = System.currentTimeMillis();
    }

    private void onView(final JsonObject view) {
        switch (view.get("status").getAsString()) {
            case "MATCH_VIEW_STATUS_RUNNING" -> move(view);
            case "MATCH_VIEW_STATUS_FINISHED" -> {
                matchId = 0;
                final JsonArray ranking = view.getAsJsonArray("ranking");
                if (ranking.size() > 0 && ranking.get(0).getAsString().equals(name)) {
                    stats.matchFinished(); // counted once, by the winner
                    final long now = System.currentTimeMillis();
                    if (now - saidAt >= SAY_EVERY_MILLIS) {
                        // a winner says so in the lobby now and then: well under the lobby's rate bound
                        saidAt = now;
                        final JsonObject line = new JsonObject();
                        line.addProperty("text", "gg, " + name + " won match " + view.get("matchId").getAsString());
                        call("player", name, "Say", line, said -> call("player", name, "Items", null, ignored -> queue()));
                    } else {
                        call("player", name, "Items", null, ignored -> queue()); // a winner looks at its items
                    }
                } else {
                    queue();
                }
            }
            default -> {
                // the match was lost with a crashed member: find a new one
                stats.matchLost(matchId);
                matchId = 0;
                queue();
            }
        }
    }

    /**
     * Sends the move for the tick after {@code view}. At most {@link #MAX_MOVES_IN_FLIGHT} moves are
     * on their way at a time, so a bot that fell behind (a burst of ticks arriving at once) skips
     * ticks long gone rather than flooding its connection, while a slow gateway still gets a move
     * for most ticks.
     */
    private void move(final JsonObject view) {
        if (movesInFlight >= MAX_MOVES_IN_FLIGHT) {
            return;
        }
        final JsonObject request = new JsonObject();
        request.addProperty("matchId", Long.toString(matchId));
        request.add("move", nextMove(view.getAsJsonArray("fighters")));
        if (call("player", name, "Move", request, ignored -> { })) {
            movesInFlight++;
        }
    }

    /** Toward the nearest standing opponent, attacking when next to one. */
    private JsonObject nextMove(final JsonArray fighters) {
        JsonObject self = null;
        for (final JsonElement f : fighters) {
            if (name.equals(f.getAsJsonObject().get("player").getAsString())) {
                self = f.getAsJsonObject();
            }
        }
        String direction = "MOVE_DIRECTION_NONE";
        boolean attack = false;
        if (self != null && self.get("health").getAsInt() > 0) {
            JsonObject nearest = null;
            int best = Integer.MAX_VALUE;
            for (final JsonElement e : fighters) {
                final JsonObject f = e.getAsJsonObject();
                final int distance = Math.max(Math.abs(x(f) - x(self)), Math.abs(y(f) - y(self)));
                if (f != self && f.get("health").getAsInt() > 0 && distance < best) {
                    best = distance;
                    nearest = f;
                }
            }
            if (nearest != null && best <= 1) {
                attack = true;
            } else if (nearest != null) {
                final int dx = x(nearest) - x(self);
                final int dy = y(nearest) - y(self);
                direction = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? "MOVE_DIRECTION_EAST" : "MOVE_DIRECTION_WEST")
                    : (dy > 0 ? "MOVE_DIRECTION_SOUTH" : "MOVE_DIRECTION_NORTH");
            }
        }
        final JsonObject move = new JsonObject();
        move.addProperty("direction", direction);
        move.addProperty("attack", attack);
        return move;
    }

    private static int x(final JsonObject fighter) {
        return fighter.get("x").getAsInt();
    }

    private static int y(final JsonObject fighter) {
        return fighter.get("y").getAsInt();
    }

    private static boolean contains(final JsonArray names, final String name) {
        if (names != null) {
            for (final JsonElement n : names) {
                if (name.equals(n.getAsString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Remembers the newest profile read; one with fewer matches (or the same with another rating) is data lost. */
    private void read(final PlayerProfile profile) {
        if (acknowledged != null && (profile.stats().matches() < acknowledged.stats().matches()
            || (profile.stats().matches() == acknowledged.stats().matches() && profile.rating() != acknowledged.rating()))) {
            stats.profileWentBack(name);
            return;
        }
        acknowledged = profile;
    }

    static PlayerProfile profile(final JsonObject json) {
        final JsonObject s = json.getAsJsonObject("stats");
        return new PlayerProfile(json.get("name").getAsString(), json.get("rating").getAsInt(),
            new PlayerStats(s.get("matches").getAsInt(), s.get("wins").getAsInt(), s.get("kills").getAsInt()));
    }

    /**
     * Calls through the connection, timing the call, and continues with {@code next} on the
     * scheduler. A failed call is counted and left to {@link #check()}, which picks the game up
     * again where it stands (a dead gateway is reconnected first). Returns whether the call was
     * sent (not when there is no connection, or the bot stopped).
     */
    private boolean call(final String kind, final Object key, final String method, final JsonObject request,
        final Consumer<JsonObject> next) {
        final GatewayClient client = connection;
        if (client == null || !running) {
            return false;
        }
        busy = true;
        final long start = System.nanoTime();
        final CompletableFuture<JsonObject> reply = client.call(kind, key, method, request);
        reply.whenComplete((value, failure) -> {
            busy = false;
            if (method.equals("Move")) {
                movesInFlight = Math.max(0, movesInFlight - 1);
            }
            if (failure == null) {
                stats.callSucceeded(System.nanoTime() - start);
                if (reconnected) {
                    stats.carriedOn(name);
                }
                if (running) {
                    next.accept(value);
                }
            } else if (running) {
                // (a call failed by the bot's own close at the end of the run is no failure of the game)
                stats.callFailed(method + ": " + (failure instanceof GatewayClient.CallFailedException f ? f.code() : failure.toString()));
            }
        });
        return true;
    }
}
