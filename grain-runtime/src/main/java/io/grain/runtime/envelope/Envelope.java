package io.grain.runtime.envelope;

import io.grain.runtime.GrainId;
import io.grain.runtime.dispatch.CallInvoker;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.InboundCall;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.dispatch.ReplyDecoder;
import io.grain.runtime.observe.TraceContext;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One call or reply as it moves inside a member: pooled and reused. A generated client fills it as
 * an {@link OutboundCall}; the callee's dispatcher reads it as an {@link InboundCall}; the callee
 * turns the same object into the reply. Between members it travels as the bytes written by
 * {@link EnvelopeCodec}.
 *
 * <p>Thread ownership: an envelope belongs to exactly one thread at a time, handed over through
 * the shards' concurrent queues (which publish its fields safely). Fields are public for the
 * runtime's packages; user code never sees an envelope except through the two interfaces.
 */
public final class Envelope implements OutboundCall {
    /** A request that wants a reply. */
    public static final byte REQUEST = 1;
    /** A one-way request. */
    public static final byte ONE_WAY = 2;
    /** A reply with the result. */
    public static final byte REPLY = 3;
    /** A reply with the callee's exception type and message. */
    public static final byte ERROR = 4;

    public byte type;
    public GrainId target;
    /** Known when the call was made in this process; resolved from {@link #methodId} otherwise. */
    public GrainMethod method;
    public int methodId;
    public long correlationId;
    public int callerMember;
    /** The caller's shard; the shard that holds the pending call. */
    public int callerShard;
    public long chainId;
    public long timeoutMillis;
    public int hops;
    /** The member placement chose when the call began (or the member a pinned call goes to). */
    public int targetMember;
    /**
     * The shard of {@link #target} on whichever member hosts it, computed with {@link #targetMember}
     * from one hash when the call began (or when a request arrived), so routing hashes nothing.
     */
    public int targetShard;
    /**
     * A call of an every-member call: it runs on {@link #targetMember} whatever placement says (it
     * is never forwarded), and its activation stays there across membership changes.
     */
    public boolean pinned;
    /**
     * A request's W3C trace context: the trace and the caller's span, the parent of the callee's;
     * invalid (all zero) when the call is not traced, and then not on the wire.
     */
    public final TraceContext trace = new TraceContext();
    /** When a request reached the shard of its grain, on the member's nano clock (observed members only). */
    public long arrivalNanos;

    /** The caller is an outside thread: set until its home shard registers the pending call. */
    public CompletableFuture<Object> outsideFuture;
    public ReplyDecoder<?> outsideDecoder;

    // arguments by reference
    public boolean byReference;
    private Object[] references = new Object[4];
    private int referenceCount;

    // payload: written here by the caller (or callee, for a reply) in this process ...
    public final ProtoWriter writer = new ProtoWriter(128);
    // ... or copied here when it arrived from another member
    public boolean payloadFromWire;
    public byte[] payload = new byte[0];
    public int payloadLength;
    private final ProtoReader reader = new ProtoReader();
    private CallInvoker invoker;

    // reply
    public Object value;
    public boolean valueByReference;
    public String errorType;
    public String errorMessage;

    /** The runtime's side of {@link OutboundCall#request} and {@link OutboundCall#send()}. */
    public CallSender sender;
    /** Intrusive link for activation queues. */
    public Envelope next;

    /** What ends an outbound call: implemented by the member's call invoker. */
    public interface CallSender {
        <R> CompletableFuture<R> request(Envelope call, ReplyDecoder<R> decoder);

        void send(Envelope call);

        <R> CompletableFuture<R> abandon(Envelope call, Throwable cause);
    }

    /** Forgets everything, keeping buffers. */
    public void clear() {
        type = 0;
        target = null;
        method = null;
        methodId = 0;
        correlationId = 0;
        callerMember = 0;
        callerShard = 0;
        chainId = 0;
        timeoutMillis = 0;
        hops = 0;
        targetMember = 0;
        targetShard = 0;
        pinned = false;
        trace.clear();
        arrivalNanos = 0;
        outsideFuture = null;
        outsideDecoder = null;
        byReference = false;
        if (referenceCount > 0) {
            Arrays.fill(references, 0, referenceCount, null);
            referenceCount = 0;
        }
        writer.reset();
        payloadFromWire = false;
        payloadLength = 0;
        invoker = null;
        value = null;
        valueByReference = false;
        errorType = null;
        errorMessage = null;
        sender = null;
        next = null;
    }

    /** Copies {@code length} bytes as the payload (a call or reply that came from the wire). */
    public void payloadFrom(final byte[] source, final int offset, final int length) {
        if (payload.length < length) {
            payload = new byte[Math.max(length, payload.length * 2)];
        }
        System.arraycopy(source, offset, payload, 0, length);
        payloadLength = length;
        payloadFromWire = true;
    }

    /** The payload reader, binding decoded grain references to {@code invoker}. */
    public ProtoReader payloadReader(final CallInvoker invoker) {
        if (payloadFromWire) {
            reader.wrap(payload, 0, payloadLength);
        } else {
            reader.wrap(writer.buffer(), 0, writer.position());
        }
        return reader.invoker(invoker);
    }

    /** Sets the invoker that {@link #arguments()} binds grain references to. */
    public void invoker(final CallInvoker invoker) {
        this.invoker = invoker;
    }

    public boolean isRequest() {
        return type == REQUEST || type == ONE_WAY;
    }

    // ---- OutboundCall ----------------------------------------------------------------------------

    @Override
    public boolean passesReferences() {
        return byReference;
    }

    @Override
    public void encodeArguments() {
        byReference = false;
    }

    @Override
    public void reference(final int index, final Object value) {
        if (index >= references.length) {
            references = Arrays.copyOf(references, Math.max(index + 1, references.length * 2));
        }
        references[index] = value;
        referenceCount = Math.max(referenceCount, index + 1);
    }

    /** The request message being written. */
    @Override
    public ProtoWriter arguments() {
        return writer;
    }

    @Override
    public <R> CompletableFuture<R> request(final ReplyDecoder<R> replyDecoder) {
        return sender.request(this, replyDecoder);
    }

    @Override
    public void send() {
        sender.send(this);
    }

    @Override
    public <R> CompletableFuture<R> abandon(final Throwable cause) {
        return sender.abandon(this, cause);
    }

    // ---- InboundCall -----------------------------------------------------------------------------

    /** This envelope as the call a dispatcher decodes. */
    public final InboundCall inbound = new InboundCall() {
        @Override
        public boolean passesReferences() {
            return byReference;
        }

        @Override
        public Object reference(final int index) {
            return index < referenceCount ? references[index] : null;
        }

        @Override
        public ProtoReader arguments() {
            return payloadReader(invoker);
        }
    };

    @Override
    public String toString() {
        return "Envelope{type=" + type + ", target=" + target + ", method=" + (method != null ? method : Integer.toHexString(methodId))
            + ", correlation=" + correlationId + ", caller=" + callerMember + "/" + callerShard + ", chain=" + chainId + "}";
    }
}
