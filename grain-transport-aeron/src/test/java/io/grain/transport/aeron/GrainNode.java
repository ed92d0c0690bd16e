package io.grain.transport.aeron;

import io.grain.runtime.GrainMember;
import io.grain.transport.aeron.grains.Tally;
import io.grain.transport.aeron.grains.TallyGrain;
import org.agrona.CloseHelper;

import java.time.Duration;

/** A {@code GrainMember} hosting {@link Tally} grains (or a client) over its own Aeron transport, for tests. */
final class GrainNode implements AutoCloseable {
    static final Duration CALL = Duration.ofSeconds(10);

    final AeronTransport transport;
    final GrainMember member;

    /** A member hosting {@link Tally} grains. */
    GrainNode(final AeronTransport.Context ctx, final int shards) {
        this(ctx, shards, false);
    }

    /** A member, or with {@code client} a client that hosts nothing. */
    GrainNode(final AeronTransport.Context ctx, final int shards, final boolean client) {
        transport = AeronTransport.launch(ctx.client(client));
        final int id = transport.memberId();
        final GrainMember.Builder builder = GrainMember.builder().shards(shards).callTimeout(CALL)
            .transport(transport, transport.membership());
        member = client ? builder.start()
            : builder.register(Tally.class, c -> new TallyGrain(c, id)).start();
    }

    Tally tally(final String key) {
        return member.grains().get(Tally.class, key);
    }

    @Override
    public void close() {
        CloseHelper.quietClose(member);
        CloseHelper.quietClose(transport);
    }
}
