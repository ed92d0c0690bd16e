package io.grain.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grain.runtime.GrainMember;
import io.grain.runtime.MemberHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member's operations port (docs/OPERATIONS.md): {@code GET /metrics} (the Prometheus text
 * format of its meters), {@code GET /health/live} and {@code GET /health/ready} (200 when healthy,
 * 503 when not, with a short JSON body saying why), on the JDK's HTTP server with two daemon
 * threads of its own (a readiness check may wait for the storage). Listens before the member
 * starts: until {@link #serve} hands it the member, both health checks answer 503 "starting".
 *
 * <p>Thread safety: thread safe.
 */
final class MemberHttpServer implements AutoCloseable {
    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    /** The content type of the Prometheus text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MemberHttpServer.class);
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private volatile GrainMember member;

    private MemberHttpServer(final HttpServer server, final ExecutorService executor, final PrometheusMeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
    }

    /** Listens on {@code host}:{@code port} (0: a free port), serving {@code registry}'s meters. */
    static MemberHttpServer start(final String host, final int port, final PrometheusMeterRegistry registry) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        final AtomicInteger threads = new AtomicInteger();
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            final Thread t = new Thread(r, "member-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        final MemberHttpServer http = new MemberHttpServer(server, executor, registry);
        server.createContext("/", http::handle);
        server.setExecutor(executor);
        server.start();
        return http;
    }

    /** From now on the health checks ask {@code member}. */
    void serve(final GrainMember member) {
        this.member = member;
    }

    /** The port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}. */
    String url() {
        final InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
                return;
            }
            switch (path) {
                case METRICS:
                    send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                    break;
                case LIVE:
                    health(exchange, false);
                    break;
                case READY:
                    health(exchange, true);
                    break;
                default:
                    send(exchange, 404, "text/plain; charset=utf-8", "no such path; try " + METRICS + ", " + LIVE + " or " + READY + "\n");
            }
        } catch (final RuntimeException e) {
            LOG.warn("HTTP request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void health(final HttpExchange exchange, final boolean readiness) throws IOException {
        final GrainMember current = member;
        final boolean up;
        final String body;
        if (current == null) {
            up = false;
            body = json(false, -1, List.of("it is starting"));
        } else if (readiness) {
            final MemberHealth health = current.health();
            up = health.ready();
            body = json(up, health.memberId(), health.problems());
        } else {
            // liveness never waits for the storage: a database outage must not get members restarted
            up = current.isLive();
            body = json(up, current.memberId(), up ? List.of() : List.of(MemberHealth.NOT_LIVE));
        }
        send(exchange, up ? 200 : 503, "application/json", body);
    }

    /** {@code {"status":"UP","member":0,"problems":[]}}. */
    static String json(final boolean up, final int memberId, final List<String> problems) {
        final StringBuilder out = new StringBuilder(64).append("{\"status\":\"").append(up ? "UP" : "DOWN").append('"');
        if (memberId >= 0) {
            out.append(",\"member\":").append(memberId);
        }
        out.append(",\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(problems.get(i), out);
        }
        return out.append("]}\n").toString();
    }

    private static void quote(final String s, final StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int)c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
