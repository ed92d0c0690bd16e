package io.grain.gateway.calls;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainDispatcher;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls grains with request messages that arrived encoded and answers with encoded reply messages,
 * through the same {@link CallInvoker} generated clients use, so placement, timeouts and errors are
 * the runtime's own. The arguments always travel in the message ({@link OutboundCall#encodeArguments()});
 * a result the runtime passes by reference (callee in this process, result proven immutable) is
 * encoded here with the kind's dispatcher.
 *
 * <p>Thread safe. Futures complete on whatever thread the invoker completes them on (for a
 * member: its callback executor), never on a shard thread.
 */
public final class GrainCaller {
    private static final byte[] EMPTY = new byte[0];

    /** Copies the reply message out of the runtime's buffer, which is reused after the call. */
    private static final ReplyDecoder<Object> COPY_REPLY = reader -> new EncodedReply(copy(reader));

    private final CallInvoker invoker;

    public GrainCaller(final CallInvoker invoker) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /**
     * Calls {@code method} on {@code target} with {@code request} (the method's request message).
     *
     * @return the reply message (the result as field 1; empty for one-way methods, which complete
     *         as soon as they are sent); fails as the call fails ({@code GrainException},
     *         {@code GrainUnavailableException}, {@code TimeoutException}).
     */
    public CompletableFuture<byte[]> call(final GrainDispatcher<?> dispatcher, final GrainId target, final GrainMethod method,
        final byte[] request) {
        final OutboundCall call = invoker.begin(target, method);
        call.encodeArguments();
        call.arguments().appendEncoded(request, 0, request.length);
        if (method.oneWay()) {
            call.send();
            return CompletableFuture.completedFuture(EMPTY);
        }
        return call.request(COPY_REPLY).thenApply(result -> {
            if (result instanceof EncodedReply) {
                return ((EncodedReply)result).bytes;
            }
            final ProtoWriter writer = new ProtoWriter(64);
            dispatcher.encodeResult(method.id(), result, writer);
            return writer.toByteArray();
        });
    }

    private static byte[] copy(final ProtoReader reader) {
        final int from = reader.position();
        return Arrays.copyOfRange(reader.buffer(), from, from + reader.remaining());
    }

    /** A reply that came encoded; never a type a grain can return, so it cannot be mistaken for a result. */
    private static final class EncodedReply {
        final byte[] bytes;

        EncodedReply(final byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
