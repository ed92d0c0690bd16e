package io.grain.processor.write;

import com.palantir.javapoet.ClassName;

/** The runtime types generated code refers to, named once. */
final class Runtime {
    static final String WIRE = "io.grain.runtime.wire";
    static final String DISPATCH = "io.grain.runtime.dispatch";

    static final ClassName PROTO_WRITER = ClassName.get(WIRE, "ProtoWriter");
    static final ClassName PROTO_SIZES = ClassName.get(WIRE, "ProtoSizes");
    static final ClassName PROTO_READER = ClassName.get(WIRE, "ProtoReader");
    static final ClassName WIRE_TYPE = ClassName.get(WIRE, "WireType");
    static final ClassName WIRE_FORMAT_EXCEPTION = ClassName.get(WIRE, "WireFormatException");
    static final ClassName NULLS = ClassName.get(WIRE, "Nulls");
    static final ClassName GRAIN_ID_CODEC = ClassName.get(WIRE, "GrainIdCodec");
    static final ClassName PROTOBUF_MESSAGES = ClassName.get(WIRE, "ProtobufMessages");

    static final ClassName GRAIN_ID = ClassName.get("io.grain.runtime", "GrainId");
    static final ClassName KEY_TYPE = ClassName.get("io.grain.annotation", "KeyType");
    static final ClassName GRAIN_REFERENCE = ClassName.get("io.grain.runtime", "GrainReference");

    static final ClassName GRAIN_DISPATCHER = ClassName.get(DISPATCH, "GrainDispatcher");
    static final ClassName GRAIN_METHOD = ClassName.get(DISPATCH, "GrainMethod");
    static final ClassName CALL_INVOKER = ClassName.get(DISPATCH, "CallInvoker");
    static final ClassName OUTBOUND_CALL = ClassName.get(DISPATCH, "OutboundCall");
    static final ClassName INBOUND_CALL = ClassName.get(DISPATCH, "InboundCall");
    static final ClassName REPLY_DECODER = ClassName.get(DISPATCH, "ReplyDecoder");

    static final ClassName STORED_TYPE = ClassName.get("io.grain.storage", "StoredType");
    static final ClassName KEY_KIND = ClassName.get("io.grain.storage", "KeyKind");

    static final ClassName STUB_CALL = ClassName.get("io.grain.testing", "StubCall");

    static final ClassName PUSH_ROUTER = ClassName.get("io.grain.gateway.push", "PushRouter");

    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private Runtime() {
    }
}
