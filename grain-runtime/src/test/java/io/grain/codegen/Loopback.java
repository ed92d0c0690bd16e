package io.grain.codegen;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link CallInvoker} that runs each call through the generated code on the calling thread:
 * client encodes, dispatcher decodes and invokes the implementation, the result is encoded and
 * decoded again. No runtime in between, so these tests see only what the processor wrote.
 */
final class Loopback implements CallInvoker {
    private final Map<String, Target<?>> targets = new HashMap<>();
    private final boolean passReferences;
    byte[] lastRequest;
    byte[] lastReply;

    Loopback(final boolean passReferences) {
        this.passReferences = passReferences;
    }

    <G> Loopback register(final GrainDispatcher<G> dispatcher, final G implementation) {
        targets.put(dispatcher.kind(), new Target<>(dispatcher, implementation));
        return this;
    }

    <G> G client(final GrainDispatcher<G> dispatcher, final String key) {
        return dispatcher.newClient(GrainId.of(dispatcher.kind(), key), this);
    }

    @Override
    public OutboundCall begin(final GrainId target, final GrainMethod method) {
        return new Call(targets.get(target.kind()), method);
    }

    static InboundCall inbound(final ProtoReader reader, final boolean passReferences, final Object[] references) {
        return new InboundCall() {
            @Override
            public boolean passesReferences() {
                return passReferences;
            }

            @Override
            public Object reference(final int index) {
                return references[index];
            }

            @Override
            public ProtoReader arguments() {
                return reader;
            }
        };
    }

    private record Target<G>(GrainDispatcher<G> dispatcher, G implementation) {
        CompletionStage<?> invoke(final int methodId, final InboundCall call) {
            return dispatcher.invoke(implementation, methodId, call);
        }
    }

    private final class Call implements OutboundCall {
        private final Target<?> target;
        private final GrainMethod method;
        private final ProtoWriter writer = new ProtoWriter(8);
        private final Object[] references = new Object[8];

        Call(final Target<?> target, final GrainMethod method) {
            this.target = target;
            this.method = method;
        }

        @Override
        public boolean passesReferences() {
            return passReferences;
        }

        @Override
        public void reference(final int index, final Object value) {
            references[index] = value;
        }

        @Override
        public ProtoWriter arguments() {
            return writer;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> request(final ReplyDecoder<R> replyDecoder) {
            try {
                final CompletionStage<?> stage = deliver();
                return stage.toCompletableFuture().thenApply(result -> {
                    if (passReferences && method.resultImmutable()) {
                        return (R)result;
                    }
                    final ProtoWriter replyWriter = new ProtoWriter(8);
                    target.dispatcher().encodeResult(method.id(), result, replyWriter);
                    lastReply = replyWriter.toByteArray();
                    return replyDecoder.decode(new ProtoReader(lastReply).invoker(Loopback.this));
                });
            } catch (final RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void send() {
            deliver();
        }

        private CompletionStage<?> deliver() {
            lastRequest = writer.toByteArray();
            final ProtoReader reader = new ProtoReader(lastRequest).invoker(Loopback.this);
            return target.invoke(method.id(), inbound(reader, passReferences, references));
        }

        @Override
        public <R> CompletableFuture<R> abandon(final Throwable cause) {
            return CompletableFuture.failedFuture(cause);
        }
    }
}
