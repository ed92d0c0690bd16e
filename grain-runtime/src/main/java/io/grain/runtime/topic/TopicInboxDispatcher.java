package io.grain.runtime.topic;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainReference;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The hand-written dispatcher of {@link TopicInbox}; its method id is the FNV-1a 32 hash of a
 * signature no Java method can have.
 *
 * <p>Thread ownership: stateless, any thread.
 */
final class TopicInboxDispatcher extends ServiceDispatcher<TopicInbox> {
    static final String KIND = "grain.topic-inbox";
    static final GrainMethod DELIVER = request(KIND, "deliver", "byte[]");
    /** After the method: the constructor hands it to the base class. */
    static final TopicInboxDispatcher INSTANCE = new TopicInboxDispatcher();
    static final int MESSAGE_FIELD = 1;
    static final int GRAIN_SUBSCRIBER_FIELD = 2;

    private TopicInboxDispatcher() {
        super(KIND, TopicInbox.class, DELIVER);
    }

    static GrainId inbox(final String topic) {
        return GrainId.of(KIND, topic);
    }

    @Override
    public TopicInbox newClient(final GrainId id, final CallInvoker invoker) {
        return new Client(id, invoker);
    }

    @Override
    public CompletionStage<?> invoke(final TopicInbox grain, final int methodId, final InboundCall call) {
        if (methodId != DELIVER.id()) {
            throw new IllegalArgumentException("grain.topic-inbox has no method " + Integer.toHexString(methodId));
        }
        final ProtoReader reader = call.arguments();
        final int start = reader.position();
        final byte[] batch = Arrays.copyOfRange(reader.buffer(), start, start + reader.remaining());
        reader.skip(reader.remaining());
        return grain.deliver(batch);
    }

    @Override
    public void encodeResult(final int methodId, final Object result, final ProtoWriter writer) {
        // the reply is empty
    }

    /** A client of one inbox, through whatever invoker (the topic grain pins its calls to a member). */
    private static final class Client implements TopicInbox, GrainReference {
        private final GrainId id;
        private final CallInvoker invoker;

        Client(final GrainId id, final CallInvoker invoker) {
            this.id = id;
            this.invoker = invoker;
        }

        @Override
        public GrainId grainId() {
            return id;
        }

        @Override
        public CompletableFuture<Void> deliver(final byte[] batch) {
            final OutboundCall call = invoker.begin(id, DELIVER);
            call.encodeArguments();
            call.arguments().appendEncoded(batch, 0, batch.length);
            return call.request(TopicOwnerDispatcher.EMPTY_REPLY);
        }
    }
}
