package io.grain.gateway.netty;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grain.gateway.auth.AuthenticationException;
import io.grain.gateway.auth.Principal;
import io.grain.gateway.calls.CallFailures;
import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.counters.GatewayCounters;
import io.grain.gateway.limits.GatewayLimits;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.CloseCode;
import io.grain.gateway.protocol.ErrorCode;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.Frames;
import io.grain.gateway.protocol.Limits;
import io.grain.gateway.protocol.Push;
import io.grain.gateway.protocol.Reply;
import io.grain.gateway.protocol.ServerFrame;
import io.grain.gateway.protocol.Welcome;
import io.grain.gateway.schema.ClientKind;
import io.grain.gateway.schema.ClientMethod;
import io.grain.gateway.schema.PayloadJson;
import io.grain.gateway.session.KeptPush;
import io.grain.gateway.session.Session;
import io.grain.gateway.session.SessionConnection;
import io.grain.gateway.session.SessionRegistry;
import io.grain.runtime.GrainId;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection, after its transport has turned bytes into {@link ClientFrame}s: the
 * handshake, authentication, the rate limit, calls to grains, pushes, keep-alive and every limit
 * that closes a connection. The same for WebSocket and TCP.
 *
 * <p>Thread ownership: everything here runs on the connection's event loop. Grain calls complete
 * on other threads and hop back through {@link EventExecutor#execute}; pushes arrive from any
 * thread through {@link #deliver} and hop the same way. Nothing here blocks.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements SessionConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    /** After a Close frame, how long the client may take to read it before the socket is closed anyway. */
    private static final long CLOSE_LINGER_MILLIS = 1000;

    private static final int AWAITING_AUTH = 0;
    private static final int AUTHENTICATING = 1;
    private static final int ACTIVE = 2;
    private static final int CLOSING = 3;

    private final ConnectionServices services;
    private final GatewayLimits limits;
    private final GatewayCounters counters;
    private final TokenBucket bucket;
    private final ArrayDeque<Call> deferred = new ArrayDeque<>();
    /** Pushes handed over by {@link #deliver} and not yet taken by the event loop; any thread. */
    private final AtomicInteger pushesQueued = new AtomicInteger();
    private final AtomicBoolean slowConsumer = new AtomicBoolean();
    private final ChannelFutureListener writeDone = future -> onWritten();

    private ChannelHandlerContext ctx;
    private EventExecutor executor;
    private int state = AWAITING_AUTH;
    private ScheduledFuture<?> handshakeTimer;
    private Principal principal;
    private Session session;
    private int inFlight;
    private int pendingWrites;
    private int consecutiveErrors;
    private long pingNonce;

    ClientConnection(final ConnectionServices services) {
        this.services = services;
        this.limits = services.limits();
        this.counters = services.counters();
        this.bucket = new TokenBucket(limits.framesPerSecond(), limits.frameBurst(), services.nanoClock());
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.executor = ctx.executor();
    }

    /** Starts the handshake clock; a connection refused at accept never gets here. */
    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception {
        handshakeTimer = executor.schedule(this::onHandshakeTimeout, limits.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        state = CLOSING;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        deferred.clear();
        if (session != null) {
            services.sessions().detached(session, this);
            session = null;
        }
        super.channelInactive(ctx);
    }

    private void onHandshakeTimeout() {
        if (state == AWAITING_AUTH || state == AUTHENTICATING) {
            counters.increment(GatewayCounter.HANDSHAKE_TIMEOUTS);
            closeWith(CloseCode.HANDSHAKE_TIMEOUT, "no successful Authenticate within " + limits.handshakeTimeoutMillis() + " ms");
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            switch (((IdleStateEvent)event).state()) {
                case READER_IDLE:
                    counters.increment(GatewayCounter.IDLE_TIMEOUTS);
                    closeWith(CloseCode.IDLE_TIMEOUT, "nothing received for " + limits.idleTimeoutMillis() + " ms");
                    break;
                case WRITER_IDLE:
                    // before Welcome the handshake timeout governs (and a WebSocket may not be upgraded yet)
                    if (state == ACTIVE) {
                        send(Frames.ping(++pingNonce));
                    }
                    break;
                default:
                    break;
            }
        } else if (event == GatewayShutdown.INSTANCE) {
            closeWith(CloseCode.SHUTTING_DOWN, "the gateway is shutting down");
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception {
        updateAutoRead();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        if (cause instanceof TooLongFrameException
            || (cause instanceof CorruptedWebSocketFrameException
                && ((CorruptedWebSocketFrameException)cause).closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code())) {
            counters.increment(GatewayCounter.FRAMES_TOO_LARGE);
            closeWith(CloseCode.FRAME_TOO_LARGE, "frames may have at most " + limits.maxFrameBytes() + " bytes");
        } else if (cause instanceof CorruptedFrameException) {
            counters.increment(GatewayCounter.MALFORMED_FRAMES);
            LOG.debug("closing {}: {}", ctx.channel(), cause.getMessage());
            ctx.close();
        } else if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("closing connection {} after an unexpected failure", ctx.channel(), cause);
            ctx.close();
        }
    }

    // ---- inbound frames --------------------------------------------------------------------------

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        if (state == CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof MalformedFrame) {
            counters.increment(GatewayCounter.MALFORMED_FRAMES);
            refuse(0, ErrorCode.MALFORMED_FRAME, ((MalformedFrame)msg).reason);
            return;
        }
        if (!(msg instanceof ClientFrame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        final ClientFrame frame = (ClientFrame)msg;
        if (!bucket.tryTake()) {
            counters.increment(GatewayCounter.RATE_LIMITED);
            refuse(frame.hasCall() ? frame.getCall().getId() : 0, ErrorCode.RATE_LIMITED,
                "over " + limits.framesPerSecond() + " frames per second; the frame was dropped");
            return;
        }
        switch (frame.getFrameCase()) {
            case AUTHENTICATE:
                onAuthenticate(frame.getAuthenticate());
                break;
            case CALL:
                onCall(frame.getCall());
                break;
            case PING:
                send(Frames.pong(frame.getPing().getNonce()));
                break;
            case PONG:
                break;
            default:
                counters.increment(GatewayCounter.MALFORMED_FRAMES);
                refuse(0, ErrorCode.MALFORMED_FRAME, "the frame holds none of authenticate, call, ping, pong");
        }
    }

    // ---- authentication --------------------------------------------------------------------------

    private void onAuthenticate(final Authenticate request) {
        if (state == ACTIVE) {
            refuse(0, ErrorCode.ALREADY_AUTHENTICATED, "this connection is authenticated as " + principal.id());
            return;
        }
        if (state == AUTHENTICATING) {
            refuse(0, ErrorCode.UNAUTHENTICATED, "an Authenticate is in progress; wait for its answer");
            return;
        }
        state = AUTHENTICATING;
        CompletionStage<Principal> result;
        try {
            result = services.authenticator().authenticate(request.getToken());
        } catch (final RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        if (result == null) {
            result = CompletableFuture.failedFuture(new IllegalStateException("the authenticator returned no stage"));
        }
        result.whenComplete((who, error) -> {
            if (executor.inEventLoop()) {
                onAuthenticated(request, who, error);
            } else {
                executor.execute(() -> onAuthenticated(request, who, error));
            }
        });
    }

    private void onAuthenticated(final Authenticate request, final Principal who, final Throwable error) {
        if (state != AUTHENTICATING) {
            return;
        }
        if (error != null || who == null) {
            state = AWAITING_AUTH;
            counters.increment(GatewayCounter.AUTH_FAILURES);
            final Throwable cause = unwrap(error);
            if (cause instanceof AuthenticationException) {
                final AuthenticationException refused = (AuthenticationException)cause;
                refuse(0, refused.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.AUTH_FAILED, refused.getMessage());
            } else {
                if (cause != null) {
                    LOG.warn("the authenticator failed", cause);
                }
                refuse(0, ErrorCode.AUTH_FAILED, "the token was not accepted");
            }
            return;
        }
        handshakeTimer.cancel(false);
        principal = who;
        state = ACTIVE;
        consecutiveErrors = 0;
        counters.increment(GatewayCounter.AUTHENTICATED);
        final SessionRegistry.Opened opened = services.sessions().open(who, request.getResumeSession(), request.getLastPushSeq(), this);
        session = opened.session();
        // pushes sent again by the resume were queued behind this task, so the Welcome goes first
        send(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
            .setSessionId(session.id())
            .setPrincipal(who.id())
            .setResumed(opened.resumed())
            .setPushesLost(opened.pushesLost())
            .setLimits(limits())).build());
    }

    private Limits limits() {
        return Limits.newBuilder()
            .setMaxFrameBytes(limits.maxFrameBytes())
            .setPingIntervalMillis((int)limits.pingIntervalMillis())
            .setIdleTimeoutMillis((int)limits.idleTimeoutMillis())
            .setCallsPerSecond(limits.framesPerSecond())
            .setCallBurst(limits.frameBurst())
            .setMaxCallsInFlight(limits.maxCallsInFlight())
            .setSessionGraceMillis((int)limits.sessionGraceMillis())
            .build();
    }

    // ---- calls -----------------------------------------------------------------------------------

    private void onCall(final Call call) {
        if (state != ACTIVE) {
            refuse(call.getId(), ErrorCode.UNAUTHENTICATED, "send Authenticate and wait for Welcome before calling");
            return;
        }
        if (inFlight >= limits.maxCallsInFlight()) {
            // reading is paused; these came in the same read. Keep at most one more window's worth.
            if (deferred.size() < limits.maxCallsInFlight()) {
                deferred.addLast(call);
            } else {
                refuse(call.getId(), ErrorCode.OVERLOADED, limits.maxCallsInFlight() + " calls of this connection are waiting "
                    + "for their grains; the call was dropped");
            }
            return;
        }
        startCall(call);
    }

    private void startCall(final Call call) {
        final int id = call.getId();
        final ClientKind kind = services.api().kind(call.getKind());
        if (kind == null) {
            refuse(id, ErrorCode.UNKNOWN_KIND, "no grain kind '" + call.getKind() + "' is offered to clients");
            return;
        }
        final ClientMethod method;
        if (!call.getMethod().isEmpty()) {
            method = kind.method(call.getMethod());
        } else if (call.getMethodId() != 0) {
            method = kind.method(call.getMethodId());
        } else {
            counters.increment(GatewayCounter.MALFORMED_FRAMES);
            refuse(id, ErrorCode.MALFORMED_FRAME, "a call names its method by method or method_id");
            return;
        }
        if (method == null) {
            refuse(id, ErrorCode.UNKNOWN_METHOD, "grain kind '" + kind.kind() + "' offers clients no method "
                + (call.getMethod().isEmpty() ? "with id 0x" + Integer.toHexString(call.getMethodId()) : "'" + call.getMethod() + "'"));
            return;
        }
        final GrainId target;
        switch (call.getKeyCase()) {
            case STRING_KEY:
                target = GrainId.of(kind.kind(), call.getStringKey());
                break;
            case LONG_KEY:
                target = GrainId.of(kind.kind(), call.getLongKey());
                break;
            case UUID_KEY:
                try {
                    target = GrainId.of(kind.kind(), UUID.fromString(call.getUuidKey()));
                } catch (final IllegalArgumentException e) {
                    refuse(id, ErrorCode.BAD_REQUEST, "uuid_key is not a UUID: " + e.getMessage());
                    return;
                }
                break;
            default:
                counters.increment(GatewayCounter.MALFORMED_FRAMES);
                refuse(id, ErrorCode.MALFORMED_FRAME, "a call needs a key: string_key, long_key or uuid_key");
                return;
        }
        if (!services.authorizer().allows(principal, target, method.method())) {
            refuse(id, ErrorCode.FORBIDDEN, principal.id() + " may not call " + method.rpcName() + " on " + target);
            return;
        }
        final byte[] request;
        switch (call.getRequestCase()) {
            case PAYLOAD:
                request = call.getPayload().toByteArray();
                break;
            case JSON:
                if (method.request() == null) {
                    refuse(id, ErrorCode.BAD_REQUEST, "the gateway has no schema of grain kind '" + kind.kind()
                        + "', so it takes its requests in the protobuf format only");
                    return;
                }
                try {
                    request = PayloadJson.toBinary(call.getJson(), method.request());
                } catch (final InvalidProtocolBufferException | RuntimeException e) {
                    refuse(id, ErrorCode.BAD_REQUEST, "json is not a " + method.request().getName() + ": " + e.getMessage());
                    return;
                }
                break;
            default:
                request = new byte[0];
        }
        consecutiveErrors = 0;
        counters.increment(GatewayCounter.CALLS);
        inFlight++;
        updateAutoRead();
        services.caller().call(kind.dispatcher(), target, method.method(), request)
            .whenComplete((reply, error) -> executor.execute(() -> onCallDone(id, method, reply, error)));
    }

    private void onCallDone(final int id, final ClientMethod method, final byte[] reply, final Throwable error) {
        inFlight--;
        if (state != CLOSING) {
            if (error == null) {
                answer(id, method, reply);
            } else {
                counters.increment(GatewayCounter.ERRORS);
                send(Frames.error(CallFailures.errorOf(id, error)));
            }
        }
        while (state == ACTIVE && inFlight < limits.maxCallsInFlight() && !deferred.isEmpty()) {
            startCall(deferred.pollFirst());
        }
        updateAutoRead();
    }

    private void answer(final int id, final ClientMethod method, final byte[] reply) {
        final Reply.Builder answer = Reply.newBuilder().setId(id);
        if (Formats.of(ctx.channel()) == FrameFormat.JSON && method.reply() != null) {
            try {
                answer.setJson(PayloadJson.toJson(reply, method.reply()));
            } catch (final InvalidProtocolBufferException e) {
                LOG.warn("the reply of {} does not match its schema", method, e);
                sendError(id, ErrorCode.INTERNAL, "the reply does not match the grain's schema");
                return;
            }
        } else {
            answer.setPayload(ByteString.copyFrom(reply));
        }
        counters.increment(GatewayCounter.REPLIES);
        send(ServerFrame.newBuilder().setReply(answer).build());
    }

    /** Reads while fewer calls than the limit are in flight and the client reads what we write. */
    private void updateAutoRead() {
        final boolean read = state != CLOSING && inFlight < limits.maxCallsInFlight() && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            if (!read) {
                counters.increment(GatewayCounter.READS_PAUSED);
            }
        }
    }

    // ---- pushes ----------------------------------------------------------------------------------

    /**
     * Hands a push to the event loop. Pushes waiting for the event loop count toward the outbound
     * limit too, so a grain that pushes faster than the client reads closes the client as a slow
     * consumer instead of filling the event loop's task queue.
     */
    @Override
    public void deliver(final KeptPush push) {
        if (pushesQueued.incrementAndGet() > limits.maxOutboundFrames()) {
            pushesQueued.decrementAndGet();
            if (slowConsumer.compareAndSet(false, true)) {
                executor.execute(this::closeSlowConsumer);
            }
            return;
        }
        executor.execute(() -> writePush(push));
    }

    private void writePush(final KeptPush push) {
        pushesQueued.decrementAndGet();
        if (state != ACTIVE) {
            return;
        }
        final Push.Builder frame = Push.newBuilder().setSeq(push.seq()).setObserver(push.observer()).setMethod(push.method());
        final Descriptor type = services.observers().message(push.observer(), push.method());
        if (Formats.of(ctx.channel()) == FrameFormat.JSON && type != null) {
            try {
                frame.setJson(PayloadJson.toJson(push.payload(), type));
            } catch (final InvalidProtocolBufferException e) {
                LOG.warn("push {}.{} does not match its schema; not sent", push.observer(), push.method(), e);
                return;
            }
        } else {
            frame.setPayload(ByteString.copyFrom(push.payload()));
        }
        send(ServerFrame.newBuilder().setPush(frame).build());
    }

    @Override
    public void replaced() {
        executor.execute(() -> {
            session = null;
            closeWith(CloseCode.REPLACED, "another connection authenticated as " + (principal == null ? "this principal" : principal.id()));
        });
    }

    // ---- outbound --------------------------------------------------------------------------------

    /** A refusal of something the client sent: counts toward closing a connection that keeps misbehaving. */
    private void refuse(final int id, final ErrorCode code, final String message) {
        sendError(id, code, message);
        if (++consecutiveErrors >= limits.maxConsecutiveErrors() && state != CLOSING) {
            counters.increment(GatewayCounter.ABUSE_CLOSES);
            closeWith(CloseCode.TOO_MANY_ERRORS, consecutiveErrors + " refused frames in a row");
        }
    }

    private void sendError(final int id, final ErrorCode code, final String message) {
        counters.increment(GatewayCounter.ERRORS);
        send(Frames.error(id, code, message));
    }

    /**
     * Writes {@code frame}, unless the client has left {@link GatewayLimits#maxOutboundFrames()}
     * frames unread already: then it is a slow consumer and is closed, so no client holds
     * gateway memory without bound.
     */
    private void send(final ServerFrame frame) {
        if (state == CLOSING || !ctx.channel().isActive()) {
            return;
        }
        if (pendingWrites >= limits.maxOutboundFrames()) {
            closeSlowConsumer();
            return;
        }
        pendingWrites++;
        ctx.writeAndFlush(frame).addListener(writeDone);
    }

    /** The client does not read: close without a Close frame, which would only queue behind the rest. */
    private void closeSlowConsumer() {
        if (state == CLOSING) {
            return;
        }
        counters.increment(GatewayCounter.SLOW_CONSUMER_CLOSES);
        state = CLOSING;
        LOG.debug("closing {}: {} frames unread", ctx.channel(), pendingWrites);
        ctx.close();
    }

    private void onWritten() {
        pendingWrites--;
    }

    /** Sends Close and closes once it is written (or after a short linger if the client does not read). */
    private void closeWith(final CloseCode code, final String reason) {
        if (state == CLOSING) {
            return;
        }
        state = CLOSING;
        deferred.clear();
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(Frames.close(code, reason))
            .addListener(ChannelFutureListener.CLOSE);
        executor.schedule(() -> {
            ctx.close();
        }, CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static Throwable unwrap(final Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
