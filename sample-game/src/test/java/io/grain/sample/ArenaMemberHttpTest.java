package io.grain.sample;

import io.grain.process.ChildJvm;
import io.grain.runtime.GrainClient;
import io.grain.sample.arena.Player;
import io.grain.transport.aeron.AeronTransport;
import io.grain.transport.aeron.ClusterKey;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real arena member JVM ({@link ArenaMember}) with {@code --metrics-port=0}: it prints its HTTP
 * address, becomes ready, and its Prometheus scrape shows the call counter move after a client's
 * calls over Aeron. Waits by bounded polling only.
 */
class ArenaMemberHttpTest {
    private static final String HOST = "127.0.0.1";
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (int i = open.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(open.get(i));
        }
    }

    @Test
    @Timeout(180)
    void aMemberProcessServesMetricsThatMoveWithCallsAndItsHealth() throws Exception {
        final String endpoint = HOST + ":" + freePort();
        final String key = ArenaLauncher.newClusterKey();
        final Path aeronDir = Paths.get("/dev/shm/grain-arena-http-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        final ChildJvm member = ChildJvm.builder("member-0", ArenaMember.class)
            .jvmOptions("-Xmx256m")
            .args(List.of("--id=0", "--endpoint=" + endpoint, "--seeds=" + endpoint, "--aeron-dir=" + aeronDir,
                "--until-stdin-closes", "--storage=" + dir.resolve("arena.db"), "--metrics-port=0"))
            .environment(ClusterKey.ENVIRONMENT_VARIABLE, key)
            .logFile(dir.resolve("member-0.log"))
            .readyLine("HTTP ", Duration.ofSeconds(60))
            .leaveTimeout(Duration.ofSeconds(10))
            .aeronDirectory(aeronDir)
            .launch();
        open.add(member);
        final String url = member.awaitReady();
        assertTrue(url.startsWith("http://" + HOST + ":"), url);

        final HttpResponse<String> ready = awaitStatus(url + MemberHttpServer.READY, 200);
        assertEquals("{\"status\":\"UP\",\"member\":0,\"problems\":[]}\n", ready.body());
        assertEquals(200, MemberHttpServerTest.get(url + MemberHttpServer.LIVE).statusCode());

        final AeronTransport transport = AeronTransport.launch(new AeronTransport.Context()
            .memberId(ArenaLauncher.CLIENT_ID).endpoint(HOST + ":" + freePort()).seeds(List.of(endpoint)).clusterKey(key).client(true));
        open.add(transport);
        // the client owns its transport from connect() on (closing both is harmless)
        final GrainClient client = GrainClient.builder().transport(transport).connect();
        open.add(client);
        ArenaLauncher.awaitView(transport, 1);

        final long before = MemberHttpServerTest.callCount(MemberHttpServerTest.get(url + MemberHttpServer.METRICS).body(), "player");
        for (int i = 0; i < 5; i++) {
            client.grains().get(Player.class, "http-" + i).login().get(60, TimeUnit.SECONDS);
        }
        final String scrape = MemberHttpServerTest.get(url + MemberHttpServer.METRICS).body();
        assertTrue(MemberHttpServerTest.callCount(scrape, "player") >= before + 5, "the member's call counter moved: " + before
            + " -> " + MemberHttpServerTest.callCount(scrape, "player"));
        assertTrue(scrape.contains("grain_transport_messages_received_total{member=\"0\"}"), "the transport's counters too");
    }

    private static HttpResponse<String> awaitStatus(final String url, final int status) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + BOUND_NANOS;
        while (true) {
            final HttpResponse<String> response = MemberHttpServerTest.get(url);
            if (response.statusCode() == status) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " answered " + response.statusCode() + " " + response.body() + ", not " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
