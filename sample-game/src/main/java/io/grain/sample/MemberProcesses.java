package io.grain.sample;

import io.grain.process.ChildJvm;
import io.grain.sample.gateway.ArenaGateway;
import io.grain.transport.aeron.ClusterKey;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The member JVMs of a local arena cluster, each a {@link ChildJvm}: started with this JVM's
 * classpath, one log file each, killed with SIGKILL for chaos, restarted at the same endpoint, and
 * always cleaned up: every process ended and every Aeron directory deleted, on a normal end, on
 * Ctrl-C, and after a crash. Not thread safe, except {@link #closeAll()}, which the shutdown hook may
 * call too.
 */
final class MemberProcesses implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);
    /** What a member with a gateway prints before its ready line. */
    private static final String GATEWAY_LINE = "GATEWAY ";
    /** Numbers the instances of one JVM, so two clusters started side by side have directories of their own. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final List<String> endpoints;
    private final List<String> storageOptions;
    private final String clusterKey;
    private final Path logs;
    private final String dirPrefix;
    private final List<ChildJvm> processes = new ArrayList<>();
    /** Each member's gateway WebSocket URL while it runs (null: none, or dead); read by the bots' thread. */
    private final AtomicReferenceArray<String> gateways;
    private final AtomicReferenceArray<String> pages;
    private String gatewaySecret;
    private int webPort;

    /**
     * @param clusterKey     the run's cluster key, handed to every member in its environment
     *                       ({@value ClusterKey#ENVIRONMENT_VARIABLE}), never on its command line
     * @param storageOptions where every member keeps the game's data: {@link ArenaMember}'s
     *                       {@code --storage=<file>} or {@code --postgres=<url>} options (a password
     *                       travels in the environment, which members inherit)
     */
    MemberProcesses(final List<String> endpoints, final Path logs, final String clusterKey, final List<String> storageOptions) {
        this.clusterKey = clusterKey;
        this.storageOptions = List.copyOf(storageOptions);
        this.endpoints = List.copyOf(endpoints);
        this.logs = logs;
        this.dirPrefix = "/dev/shm/grain-arena-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + "-member-";
        for (int i = 0; i < endpoints.size(); i++) {
            processes.add(null);
        }
        this.gateways = new AtomicReferenceArray<>(endpoints.size());
        this.pages = new AtomicReferenceArray<>(endpoints.size());
    }

    /**
     * Gives every member started from now on a gateway ({@link ArenaGateway}) checking tokens signed
     * with {@code secret} (base64, handed over in the environment, never on the command line):
     * member 0's on {@code webPort} (0: any free port), the others' on any free port, each
     * reported by the member once it listens.
     */
    MemberProcesses withGateways(final String secret, final int webPort) {
        this.gatewaySecret = secret;
        this.webPort = webPort;
        return this;
    }

    /** The WebSocket URLs of the gateways of the members running now. Thread safe. */
    List<String> liveGateways() {
        final List<String> live = new ArrayList<>(gateways.length());
        for (int i = 0; i < gateways.length(); i++) {
            final String url = gateways.get(i);
            if (url != null) {
                live.add(url);
            }
        }
        return live;
    }

    /** Member {@code i}'s gateway WebSocket URL, or null while it has none. */
    String gateway(final int i) {
        return gateways.get(i);
    }

    /** The web page's URL on member {@code i}'s gateway, or null while it has none. */
    String page(final int i) {
        return pages.get(i);
    }

    /** Starts member {@code i} and returns once it listens; a member that does not start fails with its last output lines. */
    void start(final int i) {
        final List<String> args = new ArrayList<>(List.of(
            "--id=" + i,
            "--endpoint=" + endpoints.get(i),
            "--seeds=" + String.join(",", endpoints),
            "--aeron-dir=" + aeronDir(i),
            "--until-stdin-closes"));
        args.addAll(storageOptions);
        if (gatewaySecret != null) {
            args.add("--gateway-port=" + (i == 0 ? webPort : 0));
        }
        final ChildJvm.Builder builder = ChildJvm.builder("member-" + i, ArenaMember.class);
        if (gatewaySecret != null) {
            builder.environment(ArenaGateway.SECRET_VARIABLE, gatewaySecret).onOutputLine(line -> {
                // "GATEWAY <ws url> <page url>", printed before the ready line
                if (line.startsWith(GATEWAY_LINE)) {
                    final String[] urls = line.substring(GATEWAY_LINE.length()).trim().split(" ");
                    pages.set(i, urls[1]);
                    gateways.set(i, urls[0]);
                }
            });
        }
        final ChildJvm member = builder
            .jvmOptions("-Xmx512m")
            .args(args)
            .environment(ClusterKey.ENVIRONMENT_VARIABLE, clusterKey)
            .logFile(logs.resolve("member-" + i + ".log"))
            .readyLine("READY", READY_TIMEOUT)
            .leaveTimeout(LEAVE_TIMEOUT)
            .aeronDirectory(Paths.get(aeronDir(i)))
            .launch();
        processes.set(i, member);
        member.awaitReady();
    }

    /** Crashes member {@code i}: SIGKILL, no hooks run; its Aeron directory is left for us to delete, and we do. */
    void kill(final int i) {
        gateways.set(i, null);
        pages.set(i, null);
        processes.get(i).kill();
    }

    /** Ends every member, gracefully if it can (closing its stdin), and deletes every Aeron directory. */
    synchronized void closeAll() {
        for (int i = 0; i < gateways.length(); i++) {
            gateways.set(i, null);
            pages.set(i, null);
        }
        // all inputs first, so the members leave side by side rather than one leave timeout after another
        for (final ChildJvm member : processes) {
            if (member != null) {
                member.closeInput();
            }
        }
        for (final ChildJvm member : processes) {
            if (member != null) {
                member.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll();
    }

    private String aeronDir(final int i) {
        return dirPrefix + i;
    }
}
