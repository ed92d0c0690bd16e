package io.grain.gateway.support;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.Pong;
import io.grain.gateway.protocol.ServerFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A game client for tests: a real Netty client over WebSocket or TCP, in either format, that
 * sends ClientFrames (or raw bytes) and queues every ServerFrame it receives. Waits are bounded
 * ({@link #WAIT_SECONDS}); nothing sleeps.
 */
public final class TestClient implements AutoCloseable {
    public static final long WAIT_SECONDS = 20;

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private final Wire wire;
    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletableFuture<Integer> webSocketCloseStatus = new CompletableFuture<>();
    private final AtomicInteger pingsAnswered = new AtomicInteger();
    private volatile boolean answerPings = true;
    private Channel channel;

    private TestClient(final Wire wire) {
        this.wire = wire;
    }

    /** Connects over {@code wire} to the gateway's WebSocket or TCP address. */
    public static TestClient connect(final Wire wire, final InetSocketAddress webSocket, final InetSocketAddress tcp,
        final EventLoopGroup group) {
        return connect(wire, webSocket, tcp, group, "/grain?format=" + (wire.format == FrameFormat.JSON ? "json" : "protobuf"), 0);
    }

    /**
     * @param receiveBuffer SO_RCVBUF of the client socket, 0 for the default.
     */
    public static TestClient connect(final Wire wire, final InetSocketAddress webSocket, final InetSocketAddress tcp,
        final EventLoopGroup group, final String path, final int receiveBuffer) {
        final TestClient client = new TestClient(wire);
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        if (receiveBuffer > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        bootstrap.handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(final SocketChannel ch) {
                if (wire.webSocket) {
                    final URI uri = URI.create("ws://" + webSocket.getHostString() + ":" + webSocket.getPort() + path);
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(uri)
                            .version(WebSocketVersion.V13)
                            .handleCloseFrames(false)
                            .maxFramePayloadLength(16 * 1024 * 1024)
                            .build()),
                        client.new WebSocketInbound(ready));
                } else {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(16 * 1024 * 1024, 0, 4, 0, 4), client.new TcpInbound());
                    ready.complete(null);
                }
            }
        });
        client.channel = bootstrap.connect(wire.webSocket ? webSocket : tcp).syncUninterruptibly().channel();
        client.channel.closeFuture().addListener(f -> client.closed.complete(null));
        try {
            ready.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final Exception e) {
            fail("the client did not connect: " + e);
        }
        return client;
    }

    public Channel channel() {
        return channel;
    }

    public Wire wire() {
        return wire;
    }

    /** Whether Ping frames are answered (and kept out of {@link #next()}); true by default. */
    public void answerPings(final boolean answer) {
        this.answerPings = answer;
    }

    public int pingsAnswered() {
        return pingsAnswered.get();
    }

    // ---- sending ---------------------------------------------------------------------------------

    /** Sends {@code frame} in the client's format. */
    public void send(final ClientFrame frame) {
        if (wire.format == FrameFormat.PROTOBUF) {
            sendBytes(frame.toByteArray());
        } else {
            sendText(json(frame));
        }
    }

    /** Sends raw bytes as one frame: a binary WebSocket frame, or a length-prefixed TCP frame. */
    public void sendBytes(final byte[] bytes) {
        if (wire.webSocket) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).syncUninterruptibly();
        } else {
            final ByteBuf out = Unpooled.buffer(bytes.length + 4).writeInt(bytes.length).writeBytes(bytes);
            channel.writeAndFlush(out).syncUninterruptibly();
        }
    }

    /** Sends text as one frame: a text WebSocket frame, or UTF-8 bytes in a TCP frame. */
    public void sendText(final String text) {
        if (wire.webSocket) {
            channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
        } else {
            sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes raw bytes to the socket, outside any framing (TCP only). */
    public void writeRaw(final byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    public static String json(final Message message) {
        try {
            return PRINTER.print(message);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- receiving -------------------------------------------------------------------------------

    /** The next frame; fails the test when none comes within the bounded wait. */
    public ServerFrame next() {
        try {
            final ServerFrame frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(frame, "no frame from the gateway within " + WAIT_SECONDS + " s (closed: " + closed.isDone() + ")");
            return frame;
        } catch (final InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hasFrames() {
        return !frames.isEmpty();
    }

    @Override
    public String toString() {
        return "TestClient{" + wire + ", queued " + frames + "}";
    }

    /** A frame already received, or null. */
    public ServerFrame poll() {
        return frames.poll();
    }

    /** Waits (bounded) until the gateway has closed the connection. */
    public void awaitClosed() {
        try {
            closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final Exception e) {
            fail("the gateway did not close the connection within " + WAIT_SECONDS + " s");
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The status of the WebSocket close frame the gateway sent (WebSocket only). */
    public int webSocketCloseStatus() {
        try {
            return webSocketCloseStatus.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final Exception e) {
            fail("no WebSocket close frame within " + WAIT_SECONDS + " s");
            return -1;
        }
    }

    // ---- conveniences ----------------------------------------------------------------------------

    /** Sends Authenticate with {@code token} and returns the answer. */
    public ServerFrame authenticate(final String token) {
        send(ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder().setToken(token)).build());
        return next();
    }

    /** Sends Authenticate and asserts a Welcome for {@code principal}. */
    public ServerFrame login(final String token, final String principal) {
        final ServerFrame answer = authenticate(token);
        assertTrue(answer.hasWelcome(), () -> "expected a Welcome, got " + answer);
        assertEquals(principal, answer.getWelcome().getPrincipal());
        return answer;
    }

    /** A Call with {@code request} as payload (protobuf) or JSON object (json), by the client's format. */
    public Call.Builder call(final int id, final String kind, final String key, final String method, final DynamicMessage request) {
        final Call.Builder call = Call.newBuilder().setId(id).setKind(kind).setStringKey(key).setMethod(method);
        return withRequest(call, request);
    }

    public Call.Builder withRequest(final Call.Builder call, final DynamicMessage request) {
        if (request == null) {
            return call;
        }
        if (wire.format == FrameFormat.PROTOBUF) {
            call.setPayload(request.toByteString());
        } else {
            call.setJson(struct(request));
        }
        return call;
    }

    /** Sends {@code call} and returns the answer. */
    public ServerFrame ask(final Call.Builder call) {
        send(ClientFrame.newBuilder().setCall(call).build());
        return next();
    }

    /** The reply message of {@code frame}, which must be a Reply, as {@code type}. */
    public DynamicMessage reply(final ServerFrame frame, final Descriptor type) {
        assertTrue(frame.hasReply(), () -> "expected a Reply, got " + frame);
        try {
            if (wire.format == FrameFormat.PROTOBUF) {
                assertTrue(frame.getReply().hasPayload(), "a protobuf reply carries payload");
                return DynamicMessage.parseFrom(type, frame.getReply().getPayload());
            }
            assertTrue(frame.getReply().hasJson(), "a json reply carries json");
            final DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
            PARSER.merge(json(frame.getReply().getJson()), message);
            return message.build();
        } catch (final InvalidProtocolBufferException e) {
            throw new AssertionError("the reply does not decode as " + type.getFullName(), e);
        }
    }

    /** The message of push {@code frame} as {@code type}. */
    public DynamicMessage pushMessage(final ServerFrame frame, final Descriptor type) {
        assertTrue(frame.hasPush(), () -> "expected a Push, got " + frame);
        try {
            if (wire.format == FrameFormat.PROTOBUF) {
                return DynamicMessage.parseFrom(type, frame.getPush().getPayload());
            }
            final DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
            PARSER.merge(json(frame.getPush().getJson()), message);
            return message.build();
        } catch (final InvalidProtocolBufferException e) {
            throw new AssertionError("the push does not decode as " + type.getFullName(), e);
        }
    }

    public static Struct struct(final Message message) {
        try {
            final Struct.Builder struct = Struct.newBuilder();
            PARSER.merge(PRINTER.print(message), struct);
            return struct.build();
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ByteString bytes(final byte[] bytes) {
        return ByteString.copyFrom(bytes);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    // ---- inbound ---------------------------------------------------------------------------------

    private void received(final byte[] bytes) {
        final ServerFrame frame;
        try {
            if (wire.format == FrameFormat.PROTOBUF) {
                frame = ServerFrame.parseFrom(bytes);
            } else {
                final ServerFrame.Builder builder = ServerFrame.newBuilder();
                PARSER.merge(new String(bytes, StandardCharsets.UTF_8), builder);
                frame = builder.build();
            }
        } catch (final InvalidProtocolBufferException e) {
            throw new AssertionError("the gateway sent a frame that does not decode", e);
        }
        if (frame.hasPing() && answerPings) {
            pingsAnswered.incrementAndGet();
            send(ClientFrame.newBuilder().setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce())).build());
            return;
        }
        frames.add(frame);
    }

    private final class TcpInbound extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final ByteBuf msg) {
            final byte[] bytes = new byte[msg.readableBytes()];
            msg.readBytes(bytes);
            received(bytes);
        }
    }

    private final class WebSocketInbound extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final CompletableFuture<Void> ready;

        WebSocketInbound(final CompletableFuture<Void> ready) {
            this.ready = ready;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ready.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                ready.completeExceptionally(new IllegalStateException("handshake timeout"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame msg) {
            if (msg instanceof CloseWebSocketFrame) {
                webSocketCloseStatus.complete(((CloseWebSocketFrame)msg).statusCode());
                ctx.close();
                return;
            }
            final byte[] bytes = new byte[msg.content().readableBytes()];
            msg.content().readBytes(bytes);
            received(bytes);
        }
    }
}
