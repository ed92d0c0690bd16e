package io.grain.benchmarks.scenario;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grain.gateway.protocol.Authenticate;
import io.grain.gateway.protocol.Call;
import io.grain.gateway.protocol.ClientFrame;
import io.grain.gateway.protocol.Pong;
import io.grain.gateway.protocol.ServerFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load client both sides of the gateway benchmark get: many WebSocket connections on a few
 * Netty event loops (no thread per connection), each sending binary {@code ClientFrame}s of
 * {@code gateway.proto} with a bounded number of calls in flight.
 * <ul>
 *   <li>{@link Target#GATEWAY}: each connection authenticates as player {@code p<i>} and calls
 *   its own {@code gw_player} grain's {@code echo}; answers are {@code ServerFrame}s. For pushes
 *   it calls {@code burst(player, n)} and sends the next burst once the reply and the n pushes
 *   have come.</li>
 *   <li>{@link Target#ECHO}: the same call frames to the plain echo server, which sends each
 *   back; the client decodes what comes back as a {@code ClientFrame} (the gateway side decodes
 *   a {@code ServerFrame}), so both sides' client does the same work per message.</li>
 * </ul>
 * Each connection's state is touched only by its channel's event loop; the counters are shared.
 * Rates count successful answers only: an {@code Error} frame is an error, a call still
 * unanswered when the run drains is a timeout.
 */
final class WebSocketLoadClient implements AutoCloseable {
    enum Target { ECHO, GATEWAY }

    private static final int IDLE = 0;
    private static final int CALLS = 1;
    private static final int PUSHES = 2;
    private static final int STOP = 3;
    /** Marks a burst call's id, so its reply is not taken for an echo's. */
    private static final int BURST_ID = 1 << 30;
    /** At most this many connections handshaking at once: the listen backlog stays short. */
    private static final int CONNECTING = 256;

    private final Target target;
    private final InetSocketAddress address;
    private final URI uri;
    private final int inFlight;
    private final int burst;
    private final EventLoopGroup group;
    private final List<Connection> connections = new ArrayList<>();
    private final Recorder latency = new Recorder(3);
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder pushes = new LongAdder();
    final LongAdder closed = new LongAdder();
    /** Calls sent and not answered yet, over every connection. */
    final AtomicLong outstanding = new AtomicLong();
    private volatile int phase = IDLE;

    WebSocketLoadClient(final Target target, final InetSocketAddress address, final String path, final int threads,
                        final int inFlight, final int burst) {
        this.target = target;
        this.address = address;
        this.uri = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + path);
        this.inFlight = inFlight;
        this.burst = burst;
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("load-client", true));
    }

    /**
     * Opens {@code count} connections (authenticated, on the gateway) and returns how many are
     * ready; waits at most {@code timeoutMs}.
     */
    int connect(final int count, final long timeoutMs) throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(count);
        final Semaphore connecting = new Semaphore(CONNECTING);
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (int i = 0; i < count; i++) {
            if (!connecting.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            final Connection c = new Connection(i, () -> {
                connecting.release();
                done.countDown();
            });
            connections.add(c);
            bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                            .webSocketUri(uri).version(WebSocketVersion.V13).maxFramePayloadLength(64 * 1024).build()),
                        c);
                }
            }).connect(address).addListener(f -> {
                if (!f.isSuccess()) {
                    c.settle(false);
                }
            });
        }
        done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return (int)connections.stream().filter(c -> c.ready).count();
    }

    /** Starts every ready connection sending calls, {@code inFlight} at a time. */
    void startCalls() {
        start(CALLS);
    }

    /** Starts every ready connection asking its grain for bursts of pushes, one burst at a time. */
    void startPushes() {
        start(PUSHES);
    }

    private void start(final int next) {
        phase = next;
        for (final Connection c : connections) {
            if (c.ready) {
                c.channel.eventLoop().execute(c::kick);
            }
        }
    }

    /** Latency of the calls answered since the last call of this method (microseconds). */
    Histogram latencySinceLast() {
        return latency.getIntervalHistogram();
    }

    /** Stops sending and waits (at most {@code timeoutMs}) for the calls in flight; returns those never answered. */
    long drain(final long timeoutMs) throws InterruptedException {
        phase = STOP;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            // polling with a bound: the answers arrive on the event loops
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return outstanding.get();
    }

    @Override
    public void close() {
        for (final Connection c : connections) {
            if (c.channel != null) {
                c.channel.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * The request message of {@code burst(player, count)} as the generated {@code GatewayPlayer.proto}
     * defines it: field 1 the player, field 2 the count as {@code sint32} (Grain's ints are zigzag).
     */
    private static byte[] burstRequest(final String player, final int count) {
        try {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, player);
            out.writeSInt32(2, count);
            out.flush();
            return bytes.toByteArray();
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One connection; its fields are its event loop's alone, apart from {@code ready} (read by the driver once settled). */
    private final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final String player;
        private final Runnable settled;
        private final long[] sentAt;
        private final ByteString echoRequest;
        private final ByteString burstRequest;
        private Channel channel;
        private volatile boolean ready;
        private boolean settledOnce;
        private int nextId = 1;
        private int callsInFlight;
        private boolean burstInFlight;
        private boolean burstReplied;
        private int burstPushes;

        Connection(final int index, final Runnable settled) {
            this.player = "p" + index;
            this.settled = settled;
            this.sentAt = new long[inFlight];
            // EchoRequest{value: sint32 field 1}, a small value: one varint byte, zigzag
            this.echoRequest = ByteString.copyFrom(new byte[] {0x08, (byte)((index & 0x3f) << 1)});
            this.burstRequest = ByteString.copyFrom(burstRequest(player, burst));
        }

        void settle(final boolean ok) {
            if (!settledOnce) {
                settledOnce = true;
                ready = ok;
                settled.run();
            }
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx) throws Exception {
            channel = ctx.channel();
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
            if (ready) {
                closed.increment();
            }
            outstanding.addAndGet(-(callsInFlight + (burstInFlight && !burstReplied ? 1 : 0)));
            callsInFlight = 0;
            burstInFlight = false;
            settle(false);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                if (target == Target.ECHO) {
                    settle(true);
                } else {
                    send(ClientFrame.newBuilder().setAuthenticate(Authenticate.newBuilder().setToken(player)).build());
                }
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                settle(false);
            }
            super.userEventTriggered(ctx, event);
        }

        /** Fills the window of the current phase. */
        void kick() {
            if (phase == CALLS) {
                while (callsInFlight < inFlight) {
                    sendCall();
                }
            } else if (phase == PUSHES && !burstInFlight && callsInFlight == 0) {
                sendBurst();
            }
        }

        private void sendCall() {
            final int id = nextId;
            nextId = nextId + 1 >= BURST_ID ? 1 : nextId + 1;
            sentAt[id % inFlight] = System.nanoTime();
            callsInFlight++;
            outstanding.incrementAndGet();
            send(ClientFrame.newBuilder().setCall(Call.newBuilder().setId(id).setKind("gw_player").setStringKey(player)
                .setMethod("echo").setPayload(echoRequest)).build());
        }

        private void sendBurst() {
            burstInFlight = true;
            burstReplied = false;
            burstPushes = 0;
            outstanding.incrementAndGet();
            send(ClientFrame.newBuilder().setCall(Call.newBuilder().setId(BURST_ID).setKind("gw_player").setStringKey(player)
                .setMethod("burst").setPayload(burstRequest)).build());
        }

        private void send(final ClientFrame frame) {
            final byte[] bytes = frame.toByteArray();
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame) throws Exception {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            final ByteBuf content = frame.content();
            final byte[] bytes = ByteBufUtil.getBytes(content);
            try {
                if (target == Target.ECHO) {
                    answered(ClientFrame.parseFrom(bytes).getCall().getId(), true);
                } else {
                    onServerFrame(ServerFrame.parseFrom(bytes));
                }
            } catch (final InvalidProtocolBufferException ex) {
                errors.increment();
            }
        }

        private void onServerFrame(final ServerFrame frame) {
            switch (frame.getFrameCase()) {
                case WELCOME -> settle(true);
                case REPLY -> answered(frame.getReply().getId(), true);
                case ERROR -> {
                    if (frame.getError().getId() == 0) {
                        errors.increment();
                        settle(false);
                    } else {
                        answered(frame.getError().getId(), false);
                    }
                }
                case PUSH -> {
                    pushes.increment();
                    burstPushes++;
                    burstProgress();
                }
                case PING -> send(ClientFrame.newBuilder().setPong(Pong.newBuilder().setNonce(frame.getPing().getNonce())).build());
                case CLOSE -> errors.increment();
                default -> {
                    // a Pong or a frame type of a newer gateway: nothing to do
                }
            }
        }

        private void answered(final int id, final boolean success) {
            if (!success) {
                errors.increment();
            }
            if (id == BURST_ID) {
                if (burstInFlight && !burstReplied) {
                    burstReplied = true;
                    outstanding.decrementAndGet();
                }
                burstProgress();
                return;
            }
            if (callsInFlight == 0) {
                errors.increment();     // an answer to nothing sent: count it, never as a success
                return;
            }
            callsInFlight--;
            outstanding.decrementAndGet();
            if (success) {
                ok.increment();
                latency.recordValue(Math.max(1, (System.nanoTime() - sentAt[id % inFlight]) / 1000));
            }
            if (phase == CALLS) {
                sendCall();
            } else if (phase == PUSHES && callsInFlight == 0) {
                kick();
            }
        }

        private void burstProgress() {
            if (burstInFlight && burstReplied && burstPushes >= burst) {
                burstInFlight = false;
                if (phase == PUSHES) {
                    sendBurst();
                }
            }
        }
    }
}
