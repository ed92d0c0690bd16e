package io.grain.benchmarks.pekko;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written binary serializer for {@link EchoProtocol}'s messages, so Pekko's remote figures
 * are not held back by Java or Jackson serialization (Grain uses a generated binary codec). Ping:
 * int value, then the reply-to actor path as UTF-8; Pong: int value.
 */
public final class EchoSerializer extends SerializerWithStringManifest {
    private static final String PING = "P";
    private static final String PONG = "Q";

    private final ActorRefResolver resolver;

    public EchoSerializer(final ExtendedActorSystem system) {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public int identifier() {
        return 0x4752_4200;
    }

    @Override
    public String manifest(final Object o) {
        return o instanceof EchoProtocol.Ping ? PING : PONG;
    }

    @Override
    public byte[] toBinary(final Object o) {
        if (o instanceof EchoProtocol.Ping ping) {
            final byte[] ref = resolver.toSerializationFormat(ping.replyTo()).getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + ref.length).putInt(ping.value()).put(ref).array();
        }
        if (o instanceof EchoProtocol.Pong pong) {
            return ByteBuffer.allocate(4).putInt(pong.value()).array();
        }
        throw new IllegalArgumentException("not an echo message: " + o.getClass());
    }

    @Override
    public Object fromBinary(final byte[] bytes, final String manifest) throws NotSerializableException {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final int value = buffer.getInt();
        if (PING.equals(manifest)) {
            final String ref = new String(bytes, 4, bytes.length - 4, StandardCharsets.UTF_8);
            final ActorRef<EchoProtocol.Pong> replyTo = resolver.resolveActorRef(ref);
            return new EchoProtocol.Ping(value, replyTo);
        }
        if (PONG.equals(manifest)) {
            return new EchoProtocol.Pong(value);
        }
        throw new NotSerializableException("unknown manifest " + manifest);
    }
}
