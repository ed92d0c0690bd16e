package io.grain.sample.bots;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A game client's connection to a gateway, as any WebSocket client in any language would make it:
 * {@code ws://host:port/grain?format=json}, the JSON format of {@code io/grain/gateway/gateway.proto},
 * with {@code java.net.http.WebSocket}. It authenticates with a token, calls grain methods by kind,
 * key and rpc name with the request as a JSON object (the proto3 JSON of the method's request
 * message in the grain's {@code .proto}), answers the gateway's pings, and hands pushes to a
 * {@link Listener}.
 *
 * <p>Thread ownership: every callback (replies, pushes, the close) runs on {@code executor}, one
 * task at a time if that executor runs one at a time (the bot swarm's scheduler thread), so the
 * state of a connection and its owner needs no locks. {@link #call} and {@link #close} must be
 * called on that executor too.
 */
final class GatewayClient {
    /** What a connection tells its owner. */
    interface Listener {
        /** A push: {@code observer}'s {@code method} with its message as JSON. */
        void onPush(String observer, String method, JsonObject message);

        /** The connection, once welcomed, is gone (closed by either side, or failed); pending calls have failed. */
        void onClosed(String why);
    }

    /** A call answered with an Error frame. */
    static final class CallFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        CallFailedException(final String code, final String message) {
            super(code + ": " + message);
            this.code = code;
        }

        /** The gateway's error code, e.g. {@code FORBIDDEN}. */
        String code() {
            return code;
        }
    }

    private final Executor executor;
    private final Listener listener;
    private final Map<Long, CompletableFuture<JsonObject>> pending = new HashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<JsonObject> welcome = new CompletableFuture<>();
    private WebSocket socket;
    private long nextId = 1;
    private boolean closed;
    /** Sends are chained: java.net.http allows one outstanding send per WebSocket. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private GatewayClient(final Executor executor, final Listener listener) {
        this.executor = executor;
        this.listener = listener;
    }

    /**
     * Connects to {@code url} ({@code ws://host:port/grain}) and authenticates with {@code token};
     * completes on {@code executor} with the connection once the gateway's Welcome came, or
     * exceptionally (the connection is closed then).
     */
    static CompletableFuture<GatewayClient> connect(final HttpClient http, final String url, final String token, final Executor executor,
        final Listener listener) {
        final GatewayClient client = new GatewayClient(executor, listener);
        final CompletableFuture<GatewayClient> connected = new CompletableFuture<>();
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(url + "?format=json"), client.new Frames())
            .whenCompleteAsync((socket, failure) -> {
                if (failure != null) {
                    client.closed = true;
                    connected.completeExceptionally(failure);
                    return;
                }
                client.socket = socket;
                final JsonObject authenticate = new JsonObject();
                final JsonObject body = new JsonObject();
                body.addProperty("token", token);
                authenticate.add("authenticate", body);
                client.send(authenticate);
                client.welcome.whenComplete((w, refused) -> {
                    if (refused != null) {
                        client.close();
                        connected.completeExceptionally(refused);
                    } else {
                        connected.complete(client);
                    }
                });
            }, executor);
        return connected;
    }

    /** Calls {@code method} of grain {@code kind}/{@code key} (a String, or a Long for long keys) with {@code request} (null: empty). */
    CompletableFuture<JsonObject> call(final String kind, final Object key, final String method, final JsonObject request) {
        final CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        if (closed) {
            reply.completeExceptionally(new CallFailedException("UNAVAILABLE", "the connection is closed"));
            return reply;
        }
        final long id = nextId++;
        final JsonObject call = new JsonObject();
        call.addProperty("id", id);
        call.addProperty("kind", kind);
        if (key instanceof Long) {
            call.addProperty("longKey", key.toString());
        } else {
            call.addProperty("stringKey", (String)key);
        }
        call.addProperty("method", method);
        if (request != null) {
            call.add("json", request);
        }
        final JsonObject frame = new JsonObject();
        frame.add("call", call);
        pending.put(id, reply);
        send(frame);
        return reply;
    }

    /** Closes the connection; pending calls fail, the listener hears of it once (if it was welcomed). */
    void close() {
        if (socket != null && !closed) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
        closedBy("closed by the client");
    }

    boolean isOpen() {
        return !closed;
    }

    private void send(final JsonObject frame) {
        final String text = frame.toString();
        sending = sending.handle((ignored, failure) -> null).thenCompose(ignored -> closed ? CompletableFuture.completedFuture(null)
            : socket.sendText(text, true));
    }

    private void onFrame(final String text) {
        final JsonObject frame;
        try {
            frame = JsonParser.parseString(text).getAsJsonObject();
        } catch (final RuntimeException e) {
            closedBy("the gateway sent a frame that is not JSON: " + text);
            return;
        }
        if (frame.has("reply")) {
            final JsonObject reply = frame.getAsJsonObject("reply");
            final CompletableFuture<JsonObject> call = pending.remove(reply.has("id") ? reply.get("id").getAsLong() : 0);
            if (call != null) {
                call.complete(reply.has("json") ? reply.getAsJsonObject("json") : new JsonObject());
            }
        } else if (frame.has("push")) {
            final JsonObject push = frame.getAsJsonObject("push");
            listener.onPush(push.get("observer").getAsString(), push.get("method").getAsString(),
                push.has("json") ? push.getAsJsonObject("json") : new JsonObject());
        } else if (frame.has("error")) {
            final JsonObject error = frame.getAsJsonObject("error");
            final long id = error.has("id") ? error.get("id").getAsLong() : 0;
            final CallFailedException failure = new CallFailedException(string(error, "code"), string(error, "message"));
            final CompletableFuture<JsonObject> call = pending.remove(id);
            if (call != null) {
                call.completeExceptionally(failure);
            } else if (!welcome.isDone()) {
                welcome.completeExceptionally(failure);
            }
        } else if (frame.has("welcome")) {
            welcome.complete(frame.getAsJsonObject("welcome"));
        } else if (frame.has("ping")) {
            final JsonObject pong = new JsonObject();
            final JsonObject body = new JsonObject();
            final JsonObject ping = frame.getAsJsonObject("ping");
            if (ping.has("nonce")) {
                body.add("nonce", ping.get("nonce"));
            }
            pong.add("pong", body);
            send(pong);
        } else if (frame.has("close")) {
            final JsonObject close = frame.getAsJsonObject("close");
            closedBy("the gateway closed the connection: " + string(close, "code") + " " + string(close, "reason"));
        }
    }

    private void closedBy(final String why) {
        if (closed && pending.isEmpty() && welcome.isDone()) {
            return;
        }
        // only a connection that was welcomed is one the owner lost; a refused handshake fails connect() instead
        final boolean lost = !closed && welcome.isDone() && !welcome.isCompletedExceptionally();
        closed = true;
        final CallFailedException failure = new CallFailedException("UNAVAILABLE", why);
        welcome.completeExceptionally(failure);
        for (final CompletableFuture<JsonObject> call : pending.values()) {
            call.completeExceptionally(failure);
        }
        pending.clear();
        if (lost) {
            listener.onClosed(why);
        }
    }

    private static String string(final JsonObject object, final String field) {
        final JsonElement value = object.get(field);
        return value == null ? "" : value.getAsString();
    }

    /** Runs {@code task} on the executor; once the owner stopped it (a swarm that ended), what still arrives is dropped. */
    private void hop(final Runnable task) {
        try {
            executor.execute(task);
        } catch (final RejectedExecutionException ended) {
            // the owner is gone: nobody is left to hear of this frame
        }
    }

    /** WebSocket callbacks, on the HTTP client's threads: each hops to the executor. */
    private final class Frames implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                final String text = partial.toString();
                partial.setLength(0);
                hop(() -> onFrame(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            hop(() -> closedBy("closed by the gateway (" + statusCode + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            hop(() -> closedBy("the connection failed: " + error.getClass().getSimpleName()));
        }
    }
}
