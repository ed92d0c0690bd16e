package io.grain.transport.aeron;

import io.grain.runtime.GrainClient;
import io.grain.runtime.GrainMember;
import io.grain.transport.aeron.grains.Tally;
import io.grain.transport.aeron.grains.TallyGrain;
import org.agrona.CloseHelper;

import java.time.Duration;

/**
 * A {@code GrainMember} hosting {@link Tally} grains (or a {@code GrainClient}) over its own Aeron
 * transport, for tests. The member or client owns the transport: closing it closes the transport.
 */
final class GrainNode implements AutoCloseable {
    static final Duration CALL = Duration.ofSeconds(10);

    final AeronTransport transport;
    final GrainMember member;
    final GrainClient client;

    /** A member hosting {@link Tally} grains. */
    GrainNode(final AeronTransport.Context ctx, final int shards) {
        this(ctx, shards, false);
    }

    /** A member, or with {@code client} a client that hosts nothing. */
    GrainNode(final AeronTransport.Context ctx, final int shards, final boolean client) {
        transport = AeronTransport.launch(ctx.client(client));
        final int id = transport.memberId();
        if (client) {
            this.member = null;
            this.client = GrainClient.builder().shards(shards).callTimeout(CALL).transport(transport).connect();
        } else {
            this.member = GrainMember.builder().shards(shards).callTimeout(CALL).transport(transport)
                .register(Tally.class, c -> new TallyGrain(c, id)).start();
            this.client = null;
        }
    }

    Tally tally(final String key) {
        return (member != null ? member.grains() : client.grains()).get(Tally.class, key);
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(member, client);
    }
}
