package io.grain.sample;

import io.grain.metrics.micrometer.GrainMeters;
import io.grain.runtime.GrainMember;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.storage.jdbc.JdbcStorage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations port of a member in this JVM: metrics that move with calls, health that fails when it should. */
class MemberHttpServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(open.get(i));
        }
    }

    static HttpResponse<String> get(final String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of every {@code grain_calls_seconds_count} sample of {@code kind} in a scrape. */
    static long callCount(final String scrape, final String kind) {
        long sum = 0;
        for (final String line : scrape.split("\n")) {
            if (line.startsWith("grain_calls_seconds_count{") && line.contains("kind=\"" + kind + "\"")) {
                sum += (long)Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void metricsMoveWithCallsAndHealthFollowsTheMember() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final MemberHttpServer http = MemberHttpServer.start("127.0.0.1", 0, registry);
        open.add(http);
        final String url = http.url();

        final HttpResponse<String> starting = get(url + MemberHttpServer.READY);
        assertEquals(503, starting.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"problems\":[\"it is starting\"]}\n", starting.body());

        final JdbcStorage storage = JdbcStorage.sqlite(dir.resolve("arena.db"));
        open.add(storage);
        final GrainMember member = GrainMember.builder().shards(1).storage(storage).observer(new GrainMeters(registry))
            .register(Player.class, PlayerGrain::new).start();
        open.add(member);
        http.serve(member);

        final HttpResponse<String> ready = get(url + MemberHttpServer.READY);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("{\"status\":\"UP\",\"member\":" + member.memberId() + ",\"problems\":[]}\n", ready.body());
        assertEquals(200, get(url + MemberHttpServer.LIVE).statusCode());

        final HttpResponse<String> before = get(url + MemberHttpServer.METRICS);
        assertEquals(200, before.statusCode());
        assertEquals(MemberHttpServer.PROMETHEUS_TEXT, before.headers().firstValue("Content-Type").orElseThrow());
        final long callsBefore = callCount(before.body(), "player");
        for (int i = 0; i < 5; i++) {
            member.grains().get(Player.class, "p" + i).login().get(30, TimeUnit.SECONDS);
        }
        final String after = get(url + MemberHttpServer.METRICS).body();
        assertEquals(callsBefore + 5, callCount(after, "player"), "the call counter moved by the five logins");
        assertTrue(after.contains("grain_storage_seconds_count{member=\"" + member.memberId() + "\",operation=\"readState\",outcome=\"ok\"}"),
            after);

        // the database goes away: the member still runs but must get no traffic
        storage.close();
        final HttpResponse<String> noStorage = get(url + MemberHttpServer.READY);
        assertEquals(503, noStorage.statusCode());
        assertTrue(noStorage.body().contains("its storage is unreachable"), noStorage.body());
        assertEquals(200, get(url + MemberHttpServer.LIVE).statusCode(), "a storage outage is no reason to restart the member");

        member.close();
        final HttpResponse<String> closed = get(url + MemberHttpServer.LIVE);
        assertEquals(503, closed.statusCode());
        assertTrue(closed.body().contains("shard threads do not run"), closed.body());
        assertEquals(503, get(url + MemberHttpServer.READY).statusCode());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        final MemberHttpServer http = MemberHttpServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        open.add(http);
        assertEquals(404, get(http.url() + "/nothing").statusCode());
        final HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(http.url() + MemberHttpServer.METRICS))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void problemsAreEscapedInTheJsonBody() {
        assertEquals("{\"status\":\"DOWN\",\"member\":3,\"problems\":[\"a \\\"quoted\\\" \\\\ word\\u000a\"]}\n",
            MemberHttpServer.json(false, 3, List.of("a \"quoted\" \\ word\n")));
    }
}
