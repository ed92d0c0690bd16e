package io.grain.sample.gateway;

import io.grain.gateway.auth.JwtIssuer;
import io.grain.metrics.micrometer.GrainMeters;
import io.grain.runtime.GrainMember;
import io.grain.runtime.transport.InJvmNetwork;
import io.grain.sample.arena.Leaderboard;
import io.grain.sample.arena.LeaderboardGrain;
import io.grain.sample.arena.Match;
import io.grain.sample.arena.MatchGrain;
import io.grain.sample.arena.Matchmaker;
import io.grain.sample.arena.MatchmakerGrain;
import io.grain.sample.arena.Player;
import io.grain.sample.arena.PlayerGrain;
import io.grain.sample.bots.BotSwarm;
import io.grain.storage.InMemoryStorage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An arena for tests of its clients: real members in this JVM (in-JVM transport, in-memory
 * storage), each with its {@link ArenaGateway} on an ephemeral port of 127.0.0.1, a token issuer
 * with the same secret, and bots to fill the matches of the client under test.
 */
final class LocalArena implements AutoCloseable {
    private final InJvmNetwork network = new InJvmNetwork();
    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<GrainMember> members = new ArrayList<>();
    private final List<ArenaGateway> gateways = new ArrayList<>();
    private final JwtIssuer issuer;
    private BotSwarm bots;

    LocalArena(final int memberCount) {
        final byte[] secret = ArenaGateway.decodeSecret(ArenaGateway.newSecret());
        issuer = new JwtIssuer(secret, ArenaGateway.ISSUER);
        for (int i = 0; i < memberCount; i++) {
            final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            final ArenaGateway gateway = new ArenaGateway(meters);
            final GrainMember member = gateway.register(GrainMember.builder())
                .observer(new GrainMeters(meters))
                .network(network)
                .shards(1)
                .storage(storage)
                .register(Player.class, PlayerGrain::new)
                .register(Matchmaker.class, MatchmakerGrain::new)
                .register(Match.class, MatchGrain::new)
                .register(Leaderboard.class, LeaderboardGrain::new)
                .start();
            members.add(member);
            gateways.add(gateway.start(member, secret, new InetSocketAddress("127.0.0.1", 0)));
        }
    }

    /** Starts {@code count} bots spread over the gateways. */
    LocalArena withBots(final int count) {
        final List<String> urls = new ArrayList<>();
        gateways.forEach(g -> urls.add(g.webSocketUrl()));
        bots = new BotSwarm(() -> urls, this::token, count, "bot");
        return this;
    }

    String token(final String player) {
        return issuer.issue(player, Duration.ofMinutes(10));
    }

    ArenaGateway gateway(final int i) {
        return gateways.get(i);
    }

    GrainMember member(final int i) {
        return members.get(i);
    }

    BotSwarm bots() {
        return bots;
    }

    @Override
    public void close() {
        if (bots != null) {
            bots.close();
        }
        gateways.forEach(ArenaGateway::close);
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
        storage.close();
    }
}
