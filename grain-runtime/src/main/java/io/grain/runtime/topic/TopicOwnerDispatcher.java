package io.grain.runtime.topic;

import io.grain.runtime.GrainId;
import io.grain.runtime.GrainReference;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The hand-written dispatcher of {@link TopicOwner}. Method ids are FNV-1a 32 hashes of
 * signatures starting with {@code grain.topic.}, which no Java method can have. Requests:
 * {@code subscribe}/{@code unsubscribe} {@code { string subscriber = 1; }}, {@code publish}
 * {@code { repeated bytes message = 1; }}; every reply is empty.
 *
 * <p>Thread ownership: stateless, any thread.
 */
final class TopicOwnerDispatcher extends ServiceDispatcher<TopicOwner> {
    static final String KIND = "grain.topic";
    static final GrainMethod SUBSCRIBE = request(KIND, "subscribe", "java.lang.String");
    static final GrainMethod UNSUBSCRIBE = request(KIND, "unsubscribe", "java.lang.String");
    static final GrainMethod PUBLISH = request(KIND, "publish", "byte[]");
    /** After the methods: the constructor hands them to the base class. */
    static final TopicOwnerDispatcher INSTANCE = new TopicOwnerDispatcher();
    /** Every reply of the topic grains has no fields. */
    static final ReplyDecoder<Void> EMPTY_REPLY = reader -> null;
    static final int MESSAGE_FIELD = 1;

    private static final int SUBSCRIBER_TAG = WireType.tag(1, WireType.LENGTH_DELIMITED);

    private TopicOwnerDispatcher() {
        super(KIND, TopicOwner.class, SUBSCRIBE, UNSUBSCRIBE, PUBLISH);
    }

    static GrainId owner(final String topic) {
        return GrainId.of(KIND, topic);
    }

    @Override
    public TopicOwner newClient(final GrainId id, final CallInvoker invoker) {
        return new Client(id, invoker);
    }

    @Override
    public CompletionStage<?> invoke(final TopicOwner grain, final int methodId, final InboundCall call) {
        if (methodId == SUBSCRIBE.id()) {
            return grain.subscribe(readSubscriber(call.arguments()));
        }
        if (methodId == UNSUBSCRIBE.id()) {
            return grain.unsubscribe(readSubscriber(call.arguments()));
        }
        if (methodId == PUBLISH.id()) {
            final ProtoReader reader = call.arguments();
            final int start = reader.position();
            final byte[] messages = Arrays.copyOfRange(reader.buffer(), start, start + reader.remaining());
            reader.skip(reader.remaining());
            return grain.publish(messages);
        }
        throw new IllegalArgumentException("grain.topic has no method " + Integer.toHexString(methodId));
    }

    @Override
    public void encodeResult(final int methodId, final Object result, final ProtoWriter writer) {
        // every reply is empty
    }

    private static String readSubscriber(final ProtoReader reader) {
        String subscriber = null;
        int tag;
        while ((tag = reader.readTag()) != 0) {
            if (tag == SUBSCRIBER_TAG) {
                subscriber = reader.readString();
            } else {
                reader.skipField(tag);
            }
        }
        if (subscriber == null) {
            throw new WireFormatException("a topic subscription carries no subscriber");
        }
        return subscriber;
    }

    /** A client of one topic grain. */
    private static final class Client implements TopicOwner, GrainReference {
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
        public CompletableFuture<Void> subscribe(final String subscriber) {
            return withSubscriber(SUBSCRIBE, subscriber);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(final String subscriber) {
            return withSubscriber(UNSUBSCRIBE, subscriber);
        }

        @Override
        public CompletableFuture<Void> publish(final byte[] messages) {
            final OutboundCall call = invoker.begin(id, PUBLISH);
            call.encodeArguments();
            call.arguments().appendEncoded(messages, 0, messages.length);
            return call.request(EMPTY_REPLY);
        }

        private CompletableFuture<Void> withSubscriber(final GrainMethod method, final String subscriber) {
            final OutboundCall call = invoker.begin(id, method);
            call.encodeArguments();
            call.arguments().writeString(1, subscriber);
            return call.request(EMPTY_REPLY);
        }
    }
}
