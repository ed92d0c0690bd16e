package io.grain.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Which port the web page gets: the one asked for, or, when the default is taken, any free one. */
final class WebPort {
    private WebPort() {
    }

    /**
     * {@code port} when it was given or is free on {@code host}; 0 (any free port, which member 0
     * then reports) when the default port is taken, so the main job runs beside another program
     * on 8080. A port given explicitly that is taken fails when member 0 binds it, saying so.
     */
    static int choose(final String host, final int port, final boolean given) {
        if (given || port == 0) {
            return port;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return port;
        } catch (final IOException taken) {
            System.out.printf("arena: port %d is taken; the web page gets a free port instead (or give --web-port)%n", port);
            return 0;
        }
    }
}
