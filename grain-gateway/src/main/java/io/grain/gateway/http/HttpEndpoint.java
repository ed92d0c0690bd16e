package io.grain.gateway.http;

/**
 * Answers plain HTTP requests for one path on a gateway's WebSocket port (a game's login, say),
 * next to the WebSocket at {@code /grain} and the static content. Registered with
 * {@code GatewayServer.Builder.httpEndpoint(path, endpoint)}.
 *
 * <p>Called on a gateway event loop thread, possibly by several at once: answer quickly and never
 * block. An exception thrown here is answered 500 and logged.
 */
@FunctionalInterface
public interface HttpEndpoint {
    HttpAnswer answer(HttpQuery query);
}
