package io.grain.runtime.envelope;

import io.grain.runtime.GrainId;
import io.grain.runtime.observe.TraceContext;
import io.grain.runtime.wire.GrainIdCodec;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;

/**
 * The bytes of an {@link Envelope} between members: a Protobuf message (see docs/DESIGN.md,
 * "Envelope"):
 * <pre>
 * message Envelope {
 *   uint32   type           = 1;  // 1 request, 2 one-way, 3 reply, 4 error
 *   uint64   correlation_id = 2;  // the caller's pending-call key; echoed in the reply
 *   uint32   caller_member  = 3;
 *   uint32   caller_shard   = 4;
 *   GrainRef target         = 5;  // requests
 *   fixed32  method_id      = 6;  // requests
 *   fixed64  chain_id       = 7;  // requests: the call chain, for reentrancy
 *   uint64   timeout_millis = 8;  // requests: how long the caller waits
 *   uint32   hops           = 9;  // requests: times forwarded after a membership change
 *   bytes    payload        = 10; // request message (arguments) or reply message (result)
 *   string   error_type     = 11; // errors
 *   string   error_message  = 12; // errors
 *   bool     pinned         = 13; // requests: an every-member call; runs where it was sent, never forwarded
 *   TraceContext trace      = 14; // requests, when traced (W3C trace context)
 * }
 * message TraceContext {
 *   fixed64  trace_id_high  = 1;  // the 16-byte trace id, big-endian: its first 8 bytes ...
 *   fixed64  trace_id_low   = 2;  // ... and its last 8
 *   fixed64  parent_span_id = 3;  // the caller's span
 *   uint32   flags          = 4;  // W3C trace flags (1 = sampled); absent when 0
 * }
 * </pre>
 * An untraced request has no field 14, so tracing costs it nothing on the wire.
 * Stateless; the caller owns the writer and reader.
 */
public final class EnvelopeCodec {
    static final int TYPE = 1;
    static final int CORRELATION = 2;
    static final int CALLER_MEMBER = 3;
    static final int CALLER_SHARD = 4;
    static final int TARGET = 5;
    static final int METHOD = 6;
    static final int CHAIN = 7;
    static final int TIMEOUT = 8;
    static final int HOPS = 9;
    static final int PAYLOAD = 10;
    static final int ERROR_TYPE = 11;
    static final int ERROR_MESSAGE = 12;
    static final int PINNED = 13;
    static final int TRACE = 14;
    static final int TRACE_ID_HIGH = 1;
    static final int TRACE_ID_LOW = 2;
    static final int TRACE_PARENT = 3;
    static final int TRACE_FLAGS = 4;

    private EnvelopeCodec() {
    }

    /** Writes {@code envelope} into {@code out} (reset first by the caller). */
    public static void encode(final Envelope envelope, final ProtoWriter out) {
        out.writeUInt32(TYPE, envelope.type);
        out.writeInt64(CORRELATION, envelope.correlationId);
        out.writeUInt32(CALLER_MEMBER, envelope.callerMember);
        out.writeUInt32(CALLER_SHARD, envelope.callerShard);
        if (envelope.isRequest()) {
            final int mark = out.beginMessage(TARGET);
            GrainIdCodec.write(out, envelope.target);
            out.endMessage(mark);
            out.writeTag(METHOD, WireType.FIXED32);
            out.appendFixed32(envelope.method != null ? envelope.method.id() : envelope.methodId);
            out.writeTag(CHAIN, WireType.FIXED64);
            out.appendFixed64(envelope.chainId);
            out.writeInt64(TIMEOUT, envelope.timeoutMillis);
            if (envelope.hops != 0) {
                out.writeUInt32(HOPS, envelope.hops);
            }
            if (envelope.pinned) {
                out.writeBool(PINNED, true);
            }
            if (envelope.trace.isValid()) {
                writeTrace(envelope.trace, out);
            }
        }
        if (envelope.type == Envelope.ERROR) {
            out.writeString(ERROR_TYPE, envelope.errorType == null ? "" : envelope.errorType);
            if (envelope.errorMessage != null) {
                out.writeString(ERROR_MESSAGE, envelope.errorMessage);
            }
        } else if (envelope.payloadFromWire) {
            out.writeBytes(PAYLOAD, envelope.payload, 0, envelope.payloadLength);
        } else {
            out.writeBytes(PAYLOAD, envelope.writer.buffer(), 0, envelope.writer.position());
        }
    }

    private static void writeTrace(final TraceContext trace, final ProtoWriter out) {
        final int mark = out.beginMessage(TRACE);
        out.writeTag(TRACE_ID_HIGH, WireType.FIXED64);
        out.appendFixed64(trace.traceIdHigh());
        out.writeTag(TRACE_ID_LOW, WireType.FIXED64);
        out.appendFixed64(trace.traceIdLow());
        out.writeTag(TRACE_PARENT, WireType.FIXED64);
        out.appendFixed64(trace.spanId());
        if (trace.flags() != 0) {
            out.writeUInt32(TRACE_FLAGS, trace.flags() & 0xFF);
        }
        out.endMessage(mark);
    }

    private static void readTrace(final ProtoReader in, final TraceContext trace) {
        final int outer = in.beginMessage();
        long high = 0;
        long low = 0;
        long parent = 0;
        int flags = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireType.fieldNumber(tag)) {
                case TRACE_ID_HIGH:
                    in.expect(tag, WireType.FIXED64, "TraceContext.trace_id_high");
                    high = in.readFixed64();
                    break;
                case TRACE_ID_LOW:
                    in.expect(tag, WireType.FIXED64, "TraceContext.trace_id_low");
                    low = in.readFixed64();
                    break;
                case TRACE_PARENT:
                    in.expect(tag, WireType.FIXED64, "TraceContext.parent_span_id");
                    parent = in.readFixed64();
                    break;
                case TRACE_FLAGS:
                    in.expect(tag, WireType.VARINT, "TraceContext.flags");
                    flags = ProtoReader.checkRange(in.readUInt32(), 0, 0xFF, "TraceContext.flags");
                    break;
                default:
                    in.skipField(tag);
            }
        }
        in.endMessage(outer);
        if ((high | low) == 0 || parent == 0) {
            throw new WireFormatException("Envelope.trace has an all-zero trace id or parent span id");
        }
        trace.set(high, low, parent, (byte)flags);
    }

    /**
     * Reads an envelope into {@code envelope} (cleared), copying its payload.
     *
     * @throws WireFormatException when the bytes are not a valid envelope.
     */
    public static void decode(final ProtoReader in, final Envelope envelope) {
        decode(in, envelope, null);
    }

    /**
     * Reads an envelope into {@code envelope} (cleared), copying its payload; its target comes from
     * {@code ids} (the decoding thread's cache) when it is not null, so a grain called again and
     * again costs no new id.
     *
     * @throws WireFormatException when the bytes are not a valid envelope.
     */
    public static void decode(final ProtoReader in, final Envelope envelope, final GrainIdCache ids) {
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireType.fieldNumber(tag)) {
                case TYPE:
                    in.expect(tag, WireType.VARINT, "Envelope.type");
                    envelope.type = (byte)ProtoReader.checkRange(in.readUInt32(), Envelope.REQUEST, Envelope.ERROR, "Envelope.type");
                    break;
                case CORRELATION:
                    in.expect(tag, WireType.VARINT, "Envelope.correlation_id");
                    envelope.correlationId = in.readInt64();
                    break;
                case CALLER_MEMBER:
                    in.expect(tag, WireType.VARINT, "Envelope.caller_member");
                    envelope.callerMember = in.readUInt32();
                    break;
                case CALLER_SHARD:
                    in.expect(tag, WireType.VARINT, "Envelope.caller_shard");
                    envelope.callerShard = in.readUInt32();
                    break;
                case TARGET:
                    in.expect(tag, WireType.LENGTH_DELIMITED, "Envelope.target");
                    final int outer = in.beginMessage();
                    final GrainId target = ids != null ? ids.read(in) : GrainIdCodec.read(in);
                    in.endMessage(outer);
                    envelope.target = target;
                    break;
                case METHOD:
                    in.expect(tag, WireType.FIXED32, "Envelope.method_id");
                    envelope.methodId = in.readFixed32();
                    break;
                case CHAIN:
                    in.expect(tag, WireType.FIXED64, "Envelope.chain_id");
                    envelope.chainId = in.readFixed64();
                    break;
                case TIMEOUT:
                    in.expect(tag, WireType.VARINT, "Envelope.timeout_millis");
                    envelope.timeoutMillis = in.readInt64();
                    break;
                case HOPS:
                    in.expect(tag, WireType.VARINT, "Envelope.hops");
                    envelope.hops = in.readUInt32();
                    break;
                case PAYLOAD:
                    in.expect(tag, WireType.LENGTH_DELIMITED, "Envelope.payload");
                    final int length = in.readLength();
                    envelope.payloadFrom(in.buffer(), in.position(), length);
                    in.skip(length);
                    break;
                case ERROR_TYPE:
                    in.expect(tag, WireType.LENGTH_DELIMITED, "Envelope.error_type");
                    envelope.errorType = in.readString();
                    break;
                case ERROR_MESSAGE:
                    in.expect(tag, WireType.LENGTH_DELIMITED, "Envelope.error_message");
                    envelope.errorMessage = in.readString();
                    break;
                case PINNED:
                    in.expect(tag, WireType.VARINT, "Envelope.pinned");
                    envelope.pinned = in.readBool();
                    break;
                case TRACE:
                    in.expect(tag, WireType.LENGTH_DELIMITED, "Envelope.trace");
                    readTrace(in, envelope.trace);
                    break;
                default:
                    in.skipField(tag);
            }
        }
        if (envelope.type == 0) {
            throw new WireFormatException("Envelope has no type");
        }
        if (envelope.isRequest() && envelope.target == null) {
            throw new WireFormatException("Envelope request has no target");
        }
        envelope.payloadFromWire = true;
    }
}
