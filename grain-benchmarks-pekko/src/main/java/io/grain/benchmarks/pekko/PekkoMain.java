package io.grain.benchmarks.pekko;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grain.benchmarks.load.LoadDriver;
import io.grain.benchmarks.load.ResultLine;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.Member;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Pekko side of the harness, one role per JVM:
 * <pre>
 *   local  key=value...   one node (self-joined cluster), outside thread -> sharded entity, pipelined ask
 *   host   key=value...   a node that hosts the entities (role "host"); READY, then serves until stdin closes
 *   driver key=value...   a second node (role "driver", a sharding proxy) that asks the host's entities
 * </pre>
 * Keys: transport (tcp | aeron-udp), port, seed (host:port), aeronDir, inflight, keys, warmupMs,
 * measureMs, latencyMs, rates (comma separated calls/s), timeoutMs. Figures go out as
 * {@link ResultLine}s; a benchmark main, so it talks on stdout.
 */
public final class PekkoMain {
    private static final String SYSTEM = "bench";

    private PekkoMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try {
            run(args, opts);
        } catch (final Throwable ex) {
            // a failed scenario must end its JVM (library threads are not daemons), so the harness sees it at once
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(final String[] args, final Map<String, String> opts) throws Exception {
        switch (args[0]) {
            case "local" -> local(opts);
            case "host" -> host(opts);
            case "driver" -> driver(opts);
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
    }

    private static void local(final Map<String, String> opts) throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM, config(opts, "host", "tcp", 0, null));
        try {
            final Cluster cluster = Cluster.get(system);
            cluster.manager().tell(org.apache.pekko.cluster.typed.Join.create(cluster.selfMember().address()));
            awaitUp(system, 1);
            final ClusterSharding sharding = ClusterSharding.get(system);
            sharding.init(Entity.of(EchoProtocol.TYPE_KEY, ctx -> EchoProtocol.entity()));
            drive(system, sharding, opts, "pekko.local", false);
        } finally {
            terminate(system);
        }
    }

    private static void host(final Map<String, String> opts) throws Exception {
        final int port = Integer.parseInt(opts.get("port"));
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM,
            config(opts, "host", opts.getOrDefault("transport", "tcp"), port, "127.0.0.1:" + port));
        try {
            awaitUp(system, 1);
            ClusterSharding.get(system).init(Entity.of(EchoProtocol.TYPE_KEY, ctx -> EchoProtocol.entity()).withRole("host"));
            ResultLine.ready("127.0.0.1:" + port);
            ResultLine.awaitStdinClosed();
        } finally {
            terminate(system);
        }
    }

    private static void driver(final Map<String, String> opts) throws Exception {
        final String transport = opts.getOrDefault("transport", "tcp");
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM,
            config(opts, "driver", transport, Integer.parseInt(opts.get("port")), opts.get("seed")));
        try {
            awaitUp(system, 2);
            final ClusterSharding sharding = ClusterSharding.get(system);
            // With the role set, this node runs a proxy: every entity lives on the host.
            sharding.init(Entity.of(EchoProtocol.TYPE_KEY, ctx -> EchoProtocol.entity()).withRole("host"));
            drive(system, sharding, opts, "pekko.remote." + transport.replace("-", ""), true);
        } finally {
            terminate(system);
        }
    }

    private static void drive(final ActorSystem<Void> system, final ClusterSharding sharding, final Map<String, String> opts,
                              final String prefix, final boolean latency) {
        final int keys = Integer.parseInt(opts.getOrDefault("keys", "1000"));
        final int inFlight = Integer.parseInt(opts.getOrDefault("inflight", "1000"));
        final Duration timeout = Duration.ofMillis(Long.parseLong(opts.getOrDefault("timeoutMs", "5000")));
        @SuppressWarnings("unchecked")
        final EntityRef<EchoProtocol.Command>[] refs = new EntityRef[keys];
        for (int k = 0; k < keys; k++) {
            refs[k] = sharding.entityRefFor(EchoProtocol.TYPE_KEY, "k" + k);
        }
        final LoadDriver.Call call = i -> {
            final CompletionStage<EchoProtocol.Pong> reply = refs[i % keys].ask(replyTo -> new EchoProtocol.Ping(i, replyTo), timeout);
            return reply;
        };
        final LoadDriver driver = new LoadDriver(call, inFlight, timeout.toNanos());
        driver.pipelined(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(opts.getOrDefault("warmupMs", "2000"))));
        driver.pipelined(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(opts.getOrDefault("measureMs", "3000")))).report(prefix + ".pipelined");
        if (latency) {
            final long latencyNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(opts.getOrDefault("latencyMs", "3000")));
            for (final String rate : opts.getOrDefault("rates", "10000").split(",")) {
                driver.fixedRate(Double.parseDouble(rate), latencyNanos).report(prefix + ".fixed" + rate);
            }
        }
    }

    private static Config config(final Map<String, String> opts, final String role, final String transport, final int port,
                                 final String seed) {
        final String aeronDir = opts.getOrDefault("aeronDir", "");
        final String text = String.join("\n",
            "pekko.loglevel = WARNING",
            "pekko.actor.provider = cluster",
            // Two cores: keep Pekko's pools as small as Grain's thread count.
            "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + System.getProperty("pekko.par", "2"),
            "pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max = 2",
            "pekko.actor.serializers.grain-echo = \"" + EchoSerializer.class.getName() + "\"",
            "pekko.actor.serialization-bindings {",
            "  \"" + EchoProtocol.Ping.class.getName() + "\" = grain-echo",
            "  \"" + EchoProtocol.Pong.class.getName() + "\" = grain-echo",
            "}",
            "pekko.remote.artery.transport = " + transport,
            "pekko.remote.artery.canonical.hostname = 127.0.0.1",
            "pekko.remote.artery.canonical.port = " + port,
            "pekko.remote.artery.advanced.inbound-lanes = 1",
            // Artery's embedded Aeron driver: idle-cpu-level 1 is its SHARED threading mode with
            // the gentlest back-off, the closest to Grain's embedded driver on 2 cores.
            "pekko.remote.artery.advanced.aeron.embedded-media-driver = on",
            "pekko.remote.artery.advanced.aeron.idle-cpu-level = 1",
            "pekko.remote.artery.advanced.aeron.delete-aeron-dir = yes",
            aeronDir.isEmpty() ? "" : "pekko.remote.artery.advanced.aeron.aeron-dir = \"" + aeronDir + "\"",
            "pekko.cluster.roles = [" + role + "]",
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
            "pekko.cluster.downing-provider-class = \"\"",
            "pekko.coordinated-shutdown.exit-jvm = off",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = on",
            seed == null ? "" : "pekko.cluster.seed-nodes = [\"pekko://" + SYSTEM + "@" + seed + "\"]");
        return ConfigFactory.parseString(text).withFallback(ConfigFactory.load());
    }

    private static void awaitUp(final ActorSystem<Void> system, final int members) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (upMembers(system) < members) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster of " + members + " not up within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static int upMembers(final ActorSystem<Void> system) {
        int up = 0;
        for (final Member m : Cluster.get(system).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }

    private static void terminate(final ActorSystem<Void> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}
