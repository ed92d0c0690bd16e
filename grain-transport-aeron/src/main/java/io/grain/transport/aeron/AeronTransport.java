package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.membership.MemberState;
import io.grain.runtime.transport.MessageSlots;
import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.GossipMembership;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MemberStatus;
import io.grain.transport.aeron.membership.MembershipProvider;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The runtime's {@link Transport} over Aeron: UDP unicast between members (each receives on its
 * endpoint {@code host:port}), IPC between members that share a media driver, one
 * {@link io.aeron.ExclusivePublication} per peer, fragment reassembly for messages larger than the
 * MTU, and the membership (by default {@link GossipMembership}) on the same channels.
 *
 * <p>By default every transport embeds its own media driver in a directory of its own (deleted on
 * start and on close) and runs driver, Aeron client conductor and its own duty cycle on
 * <b>one thread</b> ({@link ThreadingMode#INVOKER}); with {@link Context#aeronDirectoryName} it uses
 * an external driver instead.
 *
 * <p>Thread ownership: {@link #send} may be called by any number of threads at once; it copies the
 * message into the peer's bounded outbound queue and never blocks or spins: a full queue answers
 * {@link #BACK_PRESSURED}. A message larger than a frame is copied into one of the peer's two
 * large-message slots instead, with a record of the slot in the queue (docs/AERON.md, section 3).
 * {@link #poll} is called by one thread (the member's shard 0) and reads the bounded inbound queue. The transport thread ({@code grain-aeron-<id>}) alone touches Aeron: it
 * moves queued messages onto publications, handles every {@code offer} result, polls the
 * subscriptions, and runs the membership.
 */
public final class AeronTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(AeronTransport.class);
    /** Ring-buffer record type of a message: its bytes. */
    static final int RECORD_MESSAGE = 1;
    /** Ring-buffer record type that stands for a large message: the index of its {@link MessageSlots} slot. */
    static final int RECORD_LARGE = 2;
    /** Large messages received and not yet polled before the transport stops taking more. */
    static final int INBOUND_LARGE_MESSAGE_SLOTS = 4;
    private static final byte[] EMPTY = new byte[0];
    /** The last incarnation handed out in this JVM, so two launches never share one, even within a millisecond. */
    private static final AtomicLong LAST_INCARNATION = new AtomicLong();

    private final Context ctx;
    private final long incarnation;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final String aeronDirectoryName;
    private final boolean deleteDirectoryOnClose;
    private final Subscription[] subscriptions;
    private final TransportCounters counters;
    private final MembershipProvider membership;
    private final TransportAgent agent;
    private final AgentRunner runner;
    private final ManyToOneRingBuffer inbound;
    private final int maxMessageSize;
    /** Largest message sent as one frame; larger ones go in chunks. */
    private final int frameLimit;
    /** Large messages received (or sent to this member itself), waiting for {@link #poll}. */
    private final MessageSlots inboundLarge = new MessageSlots(INBOUND_LARGE_MESSAGE_SLOTS);
    /** Poller only: wraps a large message while the handler reads it. */
    private final UnsafeBuffer largeView = new UnsafeBuffer(EMPTY);
    private final int memberId;
    private final String endpoint;
    private final AeronMembership runtimeMembership;
    private final org.agrona.concurrent.MessageHandler inboundAdapter = this::onInbound;
    private MessageHandler pollHandler;
    private volatile boolean closed;

    private AeronTransport(final Context ctx) {
        this.ctx = ctx;
        this.memberId = ctx.memberId;
        this.incarnation = ctx.incarnation >= 0 ? ctx.incarnation : nextIncarnation(System.currentTimeMillis());
        this.maxMessageSize = ctx.maxMessageSize;
        this.frameLimit = ctx.frameLimit();
        MediaDriver launched = null;
        Aeron connected = null;
        final Subscription[] subs = new Subscription[TransportAgent.SUBSCRIPTIONS];
        TransportCounters allocated = null;
        try {
            final AgentInvoker driverInvoker;
            if (ctx.aeronDirectoryName == null) {
                final String dir = ctx.embeddedDirectoryName();
                if (CommonContext.isDriverActive(new File(dir), TimeUnit.SECONDS.toMillis(1), msg -> { })) {
                    throw new IllegalStateException("a media driver is already active in " + dir
                        + "; another member with the same id and endpoint runs on this machine");
                }
                launched = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(dir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .warnIfDirectoryExists(false)
                    .threadingMode(ctx.threadingMode)
                    .sharedIdleStrategy(ctx.idleStrategySupplier.get())
                    .termBufferSparseFile(true)
                    .publicationTermBufferLength(ctx.termLength())
                    .ipcTermBufferLength(ctx.termLength())
                    .imageLivenessTimeoutNs(ctx.imageLivenessTimeoutNs)
                    .publicationConnectionTimeoutNs(ctx.imageLivenessTimeoutNs)
                    .errorHandler(ex -> LOG.warn("media driver of member {}: {}", ctx.memberId, ex.toString())));
                driverInvoker = launched.sharedAgentInvoker();
                aeronDirectoryName = launched.aeronDirectoryName();
                deleteDirectoryOnClose = true;
            } else {
                driverInvoker = null;
                aeronDirectoryName = ctx.aeronDirectoryName;
                deleteDirectoryOnClose = false;
            }
            final Aeron.Context aeronCtx = new Aeron.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .clientName("grain-member-" + ctx.memberId)
                .useConductorAgentInvoker(true)
                .errorHandler(ex -> LOG.warn("aeron client of member {}: {}", ctx.memberId, ex.toString()));
            if (driverInvoker != null) {
                aeronCtx.driverAgentInvoker(driverInvoker);
            }
            connected = Aeron.connect(aeronCtx);
            final TransportAgent.ImageListener images = new TransportAgent.ImageListener();
            // data and membership on separate streams of one endpoint (one socket), so a member whose
            // shards fall behind on data still hears heartbeats
            final Endpoint bound = ctx.endpoint.port() != 0 ? ctx.endpoint : freePort(ctx.endpoint);
            final String udpChannel = bound.udpChannel("");
            subs[TransportAgent.UDP_DATA] = connected.addSubscription(udpChannel, ctx.streamId);
            subs[TransportAgent.UDP_CONTROL] = connected.addSubscription(udpChannel, ctx.controlStreamId, null,
                images::onUdpImageLost);
            subs[TransportAgent.IPC_DATA] = connected.addSubscription(ipcChannel(ctx), ipcStreamId(ctx, ctx.memberId));
            subs[TransportAgent.IPC_CONTROL] = connected.addSubscription(ipcChannel(ctx),
                ipcControlStreamId(ctx, ctx.memberId), null, images::onIpcImageLost);
            allocated = new TransportCounters(connected, ctx.memberId);
            this.endpoint = bound.toString();
            final MemberRecord self = new MemberRecord(ctx.memberId, incarnation, MemberStatus.ALIVE, ctx.hosting,
                endpoint, driverKey(aeronDirectoryName));
            this.membership = ctx.membershipProvider != null ? ctx.membershipProvider
                : new GossipMembership(ctx.seeds, ctx.heartbeatIntervalNs, ctx.failureTimeoutNs, ctx.imageLossGraceNs,
                    ctx.maxMembers, ctx.frameLimit());
            this.inbound = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(ctx.inboundQueueCapacity() + RingBufferDescriptor.TRAILER_LENGTH)));
            this.driver = launched;
            this.aeron = connected;
            this.subscriptions = subs;
            this.counters = allocated;
            this.agent = new TransportAgent(ctx, connected, driverInvoker, subs, allocated, membership,
                inbound, inboundLarge, self, images);
            this.runtimeMembership = new AeronMembership(this);
            this.runner = new AgentRunner(ctx.idleStrategySupplier.get(),
                ex -> LOG.error("transport thread of member {} failed", ctx.memberId, ex), null, agent);
        } catch (final RuntimeException | Error ex) {
            CloseHelper.quietCloseAll(allocated);
            CloseHelper.quietCloseAll(subs);
            CloseHelper.quietCloseAll(connected, launched);
            throw ex;
        }
        AgentRunner.startOnThread(runner, r -> {
            final Thread thread = new Thread(r, "grain-aeron-" + memberId);
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("member {} ({}) listening on {} (data stream {}, membership stream {}), aeron dir {}", memberId,
            ctx.hosting ? "hosting" : "client", endpoint, ctx.streamId, ctx.controlStreamId, aeronDirectoryName);
    }

    /**
     * Starts a transport: its driver (unless external), subscriptions, counters, membership and
     * thread. Works on a copy of {@code ctx}, concluded once: the context stays as the caller set it
     * (a relaunch with it gets a new incarnation), and changing it later affects only later launches.
     *
     * <p>Ownership: the caller owns the transport until it hands it to {@code GrainMember.builder()
     * .transport(..)} or {@code GrainClient.builder().transport(..)}, which close it when they close.
     * {@link #close()} is idempotent.
     */
    public static AeronTransport launch(final Context ctx) {
        return new AeronTransport(ctx.clone().conclude());
    }

    /** An incarnation after every one handed out before in this JVM, and at least {@code nowMillis}. */
    static long nextIncarnation(final long nowMillis) {
        return LAST_INCARNATION.accumulateAndGet(nowMillis, (last, now) -> Math.max(last + 1, now));
    }

    /** A port the operating system reports free on {@code requested}'s host (port 0 asked for). */
    private static Endpoint freePort(final Endpoint requested) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(
            new java.net.InetSocketAddress(requested.host(), 0))) {
            return Endpoint.of(requested.host(), probe.getLocalPort());
        } catch (final java.io.IOException ex) {
            throw new IllegalStateException("no free UDP port on " + requested.host(), ex);
        }
    }

    static String ipcChannel(final Context ctx) {
        return "aeron:ipc?term-length=" + ctx.termLength();
    }

    static int ipcStreamId(final Context ctx, final int memberId) {
        return ctx.ipcStreamIdBase + memberId;
    }

    static int ipcControlStreamId(final Context ctx, final int memberId) {
        return ctx.ipcStreamIdBase + Context.MAX_MEMBER_ID + 1 + memberId;
    }

    static String publicationKey(final String channel, final int streamId) {
        return channel + '#' + streamId;
    }

    private static String driverKey(final String aeronDirectoryName) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException ex) {
            host = "localhost";
        }
        return host + ':' + new File(aeronDirectoryName).getAbsolutePath();
    }

    @Override
    public int memberId() {
        return memberId;
    }

    /** The {@code host:port} this member receives on (the bound port when 0 was asked for). */
    public String endpoint() {
        return endpoint;
    }

    /** The media driver's directory: point AeronStat here ({@code -Daeron.dir=...}). */
    public String aeronDirectoryName() {
        return aeronDirectoryName;
    }

    /** The largest message {@link #send} accepts, in bytes (larger than a frame: sent in chunks). */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** The membership as the runtime's SPI sees it. */
    @Override
    public AeronMembership membership() {
        return runtimeMembership;
    }

    /** False in client mode ({@link Context#client(boolean)}): the transport of a {@code GrainClient}. */
    @Override
    public boolean hostsGrains() {
        return ctx.hosting;
    }

    /** This run's incarnation: the one set on the context, or a new one per launch. */
    public long incarnation() {
        return incarnation;
    }

    /**
     * The full membership table (members and clients, alive and gone), as soon as the transport can
     * reach every alive member in it. Any thread.
     */
    public ClusterView clusterView() {
        return agent.appliedView();
    }

    public TransportCounters counters() {
        return counters;
    }

    /**
     * Publishes the runtime's calls, call errors and activations in this transport's counters
     * ({@link TransportCounters.Id#CALLS} and the two after it), copied on every duty cycle of the
     * transport thread. {@code GrainMember} calls this when it starts on this transport.
     */
    @Override
    public void runtimeCounters(final MemberCounters counters) {
        agent.runtimeCounters(counters);
    }

    /** {@link TransportCounters#snapshot()}. */
    public Map<String, Long> countersSnapshot() {
        return counters.snapshot();
    }

    /**
     * Queues one message for {@code memberId}. Never blocks.
     *
     * @return {@link #SENT} once queued, {@link #BACK_PRESSURED} when that peer's outbound queue is
     * full, {@link #NOT_CONNECTED} when {@code memberId} is not an alive member or client of the
     * view, {@link #CLOSED} after {@link #close()}
     * @throws IllegalArgumentException when {@code length} exceeds {@link Context#maxMessageSize}
     */
    @Override
    public int send(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
        if (closed) {
            return CLOSED;
        }
        if (length > frameLimit) {
            return sendLarge(memberId, buffer, offset, length);
        }
        if (memberId == this.memberId) {
            if (inbound.write(RECORD_MESSAGE, buffer, offset, length)) {
                return SENT;
            }
            counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS).increment();
            return BACK_PRESSURED;
        }
        final Peer peer = agent.routing().get(memberId);
        if (peer == null || !peer.open) {
            counters.get(TransportCounters.Id.SEND_FAILURES).increment();
            return NOT_CONNECTED;
        }
        if (!peer.queue.write(RECORD_MESSAGE, buffer, offset, length)) {
            counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS).increment();
            return BACK_PRESSURED;
        }
        return SENT;
    }

    /**
     * A message larger than a frame: copied into one of the peer's {@link Peer#largeMessages} slots
     * (the transport thread sends it in chunks when it reaches the slot's record in the queue), or
     * into one of this member's inbound slots when it is sent to itself.
     */
    private int sendLarge(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
        if (length > maxMessageSize) {
            counters.get(TransportCounters.Id.SEND_FAILURES).increment();
            throw new IllegalArgumentException("message of " + length + " bytes to member " + memberId
                + " exceeds the maximum message size of " + maxMessageSize
                + " bytes (AeronTransport.Context.maxMessageSize)");
        }
        final MessageSlots slots;
        final ManyToOneRingBuffer queue;
        if (memberId == this.memberId) {
            slots = inboundLarge;
            queue = inbound;
        } else {
            final Peer peer = agent.routing().get(memberId);
            if (peer == null || !peer.open) {
                counters.get(TransportCounters.Id.SEND_FAILURES).increment();
                return NOT_CONNECTED;
            }
            slots = peer.largeMessages;
            queue = peer.queue;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final int slot = slots.claim(copy);
        if (slot == MessageSlots.FULL) {
            counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS).increment();
            return BACK_PRESSURED;
        }
        if (!writeSlotRecord(queue, slot)) {
            slots.free(slot);
            counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS).increment();
            return BACK_PRESSURED;
        }
        return SENT;
    }

    /** Writes the record that stands for the large message in {@code slot}; any thread. */
    static boolean writeSlotRecord(final ManyToOneRingBuffer queue, final int slot) {
        final int index = queue.tryClaim(RECORD_LARGE, Integer.BYTES);
        if (index <= 0) {
            return false;
        }
        queue.buffer().putInt(index, slot);
        queue.commit(index);
        return true;
    }

    @Override
    public int poll(final MessageHandler handler, final int limit) {
        if (closed) {
            return 0;
        }
        pollHandler = handler;
        return inbound.read(inboundAdapter, limit);
    }

    private void onInbound(final int type, final org.agrona.MutableDirectBuffer buffer, final int index, final int length) {
        if (type == RECORD_LARGE) {
            final byte[] message = inboundLarge.take(buffer.getInt(index));
            largeView.wrap(message);
            try {
                pollHandler.onMessage(largeView, 0, message.length);
            } finally {
                largeView.wrap(EMPTY);
            }
            return;
        }
        pollHandler.onMessage(buffer, index, length);
    }

    /** The Aeron channel this member uses to reach {@code memberId}, or null; for tests and tools. */
    String channelTo(final int memberId) {
        final Peer peer = agent.routing().get(memberId);
        return peer == null ? null : peer.channel;
    }

    /** Declares {@code memberId} dead in this member's view (it spreads by gossip). Any thread. */
    public void declareDead(final int memberId) {
        agent.submit(nowNs -> membership.declareDead(memberId, nowNs));
    }

    /**
     * Publishes {@code state} as this member's state: the membership provider spreads it to every
     * live member (newer versions win). Any thread.
     *
     * @throws IllegalStateException when the transport has stopped (or its command queue is full)
     */
    public void publishState(final MemberState state) {
        Objects.requireNonNull(state, "state");
        if (!agent.submit(nowNs -> membership.publishState(state, nowNs))) {
            throw new IllegalStateException("member " + memberId() + ": the transport has stopped; its state cannot spread");
        }
    }

    /**
     * Announces that this member leaves: every alive member removes it from its view at once
     * instead of waiting for the failure timeout. The transport keeps delivering until
     * {@link #close()}, so replies in flight still arrive. Any thread.
     */
    public void leave() {
        agent.submit(nowNs -> {
            membership.leave(nowNs);
            agent.drainAllOutbound();
        });
    }

    /**
     * Leaves the cluster gracefully: announces LEFT to every alive member, then stops the transport
     * thread, closes the Aeron client and the embedded driver and deletes its directory.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final CountDownLatch announced = new CountDownLatch(1);
        if (agent.submit(nowNs -> {
            membership.leave(nowNs);
            agent.drainAllOutbound();
            agent.afterFlush(announced::countDown);
        })) {
            try {
                if (!announced.await(ctx.closeTimeoutNs, TimeUnit.NANOSECONDS)) {
                    LOG.warn("member {} closing without having announced its leave", memberId);
                }
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        shutdown();
        LOG.info("member {} closed", memberId);
    }

    /**
     * Stops at once without telling anyone, as a crash would: no leave message, publications simply
     * go silent. Peers find out by heartbeat timeout or image loss. For tests of failure detection.
     */
    public void kill() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown();
        LOG.info("member {} killed", memberId);
    }

    private void shutdown() {
        CloseHelper.quietClose(runner);
        agent.closeResources();
        try {
            membership.close();
        } catch (final RuntimeException ex) {
            LOG.warn("member {}: membership provider failed to close", memberId, ex);
        }
        CloseHelper.quietCloseAll(counters);
        CloseHelper.quietCloseAll(subscriptions);
        CloseHelper.quietCloseAll(aeron, driver);
        if (deleteDirectoryOnClose) {
            IoUtil.delete(new File(aeronDirectoryName), true);
        }
    }

    /**
     * Settings of an {@link AeronTransport}, with defaults named as constants (as Aeron's own
     * contexts); validated once by {@link #launch}, which concludes a copy and leaves this one as
     * set, so one context may launch several transports in turn. Not thread safe; build on one
     * thread, then hand it to {@link #launch}.
     */
    public static final class Context implements Cloneable {
        /** Default stream id of member-to-member UDP data (envelopes). */
        public static final int DEFAULT_STREAM_ID = 0x4752;
        /** Default stream id of member-to-member UDP membership traffic (heartbeats, gossip). */
        public static final int DEFAULT_CONTROL_STREAM_ID = 0x4753;
        /**
         * IPC data stream of member {@code m} is this plus {@code m}; its IPC membership stream is this
         * plus {@link #MAX_MEMBER_ID} + 1 plus {@code m}.
         */
        public static final int DEFAULT_IPC_STREAM_ID_BASE = 0x47520000;
        /** Largest member id (so IPC stream ids stay positive). */
        public static final int MAX_MEMBER_ID = MemberRecord.MAX_MEMBER_ID;
        /**
         * Default bound of the membership table (members and clients, alive or gone). Records past it
         * are refused and counted; the table must also fit one message of {@link #maxMessageSize}.
         */
        public static final int DEFAULT_MAX_MEMBERS = GossipMembership.DEFAULT_MAX_MEMBERS;
        /** Default largest message, in bytes: {@link Transport#DEFAULT_MAX_MESSAGE_SIZE} (16 MiB). */
        public static final int DEFAULT_MAX_MESSAGE_SIZE = Transport.DEFAULT_MAX_MESSAGE_SIZE;
        /** Upper bound of {@link #maxMessageSize(int)}: 1 GiB. */
        public static final int MAX_MAX_MESSAGE_SIZE = 1 << 30;
        /**
         * Default largest message sent as one frame, in bytes; a larger one goes in chunks of about
         * this size. Term buffers and queues are sized from it.
         */
        public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;
        /** Smallest {@link #maxFrameSize(int)}. */
        public static final int MIN_FRAME_SIZE = 1024;
        /** Default bytes of each peer's outbound queue (at least 8 maximum frames). */
        public static final int DEFAULT_OUTBOUND_QUEUE_CAPACITY = 1024 * 1024;
        /** Default bytes of the inbound queue (at least 8 maximum frames). */
        public static final int DEFAULT_INBOUND_QUEUE_CAPACITY = 4 * 1024 * 1024;
        /** Smallest term buffer Aeron allows. */
        public static final int MIN_TERM_LENGTH = 64 * 1024;
        /** Default image liveness (and publication connection) timeout of the embedded driver. */
        public static final long DEFAULT_IMAGE_LIVENESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
        /** Default time {@link #close()} waits for the leave to be announced. */
        public static final long DEFAULT_CLOSE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
        /** Default threading of the embedded driver: on the transport's own thread. */
        public static final ThreadingMode DEFAULT_THREADING_MODE = ThreadingMode.INVOKER;
        /** Default parent of embedded driver directories: {@code /dev/shm} where there is one. */
        public static final String DEFAULT_DIRECTORY_PARENT =
            new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");

        private int memberId = -1;
        private Endpoint endpoint;
        private List<String> seeds = List.of();
        private boolean hosting = true;
        private String aeronDirectoryName;
        private String embeddedDirectoryName;
        private ThreadingMode threadingMode = DEFAULT_THREADING_MODE;
        private int streamId = DEFAULT_STREAM_ID;
        private int controlStreamId = DEFAULT_CONTROL_STREAM_ID;
        private int ipcStreamIdBase = DEFAULT_IPC_STREAM_ID_BASE;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int outboundQueueCapacity = DEFAULT_OUTBOUND_QUEUE_CAPACITY;
        private int inboundQueueCapacity = DEFAULT_INBOUND_QUEUE_CAPACITY;
        private long heartbeatIntervalNs = GossipMembership.DEFAULT_HEARTBEAT_INTERVAL_NS;
        private long failureTimeoutNs = GossipMembership.DEFAULT_FAILURE_TIMEOUT_NS;
        private long imageLossGraceNs = GossipMembership.DEFAULT_IMAGE_LOSS_GRACE_NS;
        private long imageLivenessTimeoutNs = DEFAULT_IMAGE_LIVENESS_TIMEOUT_NS;
        private long closeTimeoutNs = DEFAULT_CLOSE_TIMEOUT_NS;
        private long incarnation = -1;
        private MembershipProvider membershipProvider;
        private ClusterKey clusterKey;
        private int maxMembers = DEFAULT_MAX_MEMBERS;
        private Supplier<IdleStrategy> idleStrategySupplier =
            () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;

        /** This member's id, unique in the cluster, 0..{@link #MAX_MEMBER_ID}. Required. */
        public Context memberId(final int memberId) {
            this.memberId = memberId;
            return this;
        }

        /** The {@code host:port} this member receives on; other machines must reach it there. Required. */
        public Context endpoint(final String endpoint) {
            this.endpoint = Endpoint.parse(endpoint);
            return this;
        }

        /** {@code host:port} of members to join through; may include this member's own endpoint. */
        public Context seeds(final List<String> seeds) {
            this.seeds = List.copyOf(seeds);
            seeds.forEach(Endpoint::parse);
            return this;
        }

        public Context seeds(final String... seeds) {
            return seeds(List.of(seeds));
        }

        /** Client mode: join the cluster to call grains, host none (not in the placement view). */
        public Context client(final boolean client) {
            this.hosting = !client;
            return this;
        }

        /** Use the external media driver in this directory instead of embedding one. */
        public Context aeronDirectoryName(final String dir) {
            this.aeronDirectoryName = dir;
            return this;
        }

        /**
         * Directory of the embedded driver; default {@code <DEFAULT_DIRECTORY_PARENT>/grain-<id>-<host>-<port>}
         * (a random suffix when the port is 0), so a member restarted with the same settings clears
         * what a crashed predecessor left behind.
         */
        public Context embeddedDirectoryName(final String dir) {
            this.embeddedDirectoryName = dir;
            return this;
        }

        /** Threading of the embedded driver: {@link ThreadingMode#INVOKER} (default) or SHARED. */
        public Context threadingMode(final ThreadingMode mode) {
            this.threadingMode = mode;
            return this;
        }

        public Context streamId(final int streamId) {
            this.streamId = streamId;
            return this;
        }

        public Context controlStreamId(final int streamId) {
            this.controlStreamId = streamId;
            return this;
        }

        public Context ipcStreamIdBase(final int base) {
            this.ipcStreamIdBase = base;
            return this;
        }

        /**
         * Largest message, default {@link #DEFAULT_MAX_MESSAGE_SIZE} (16 MiB), at most
         * {@link #MAX_MAX_MESSAGE_SIZE}; a larger {@link AeronTransport#send} throws. Messages larger
         * than {@link #maxFrameSize(int)} go in chunks and are put back together by the receiver.
         */
        public Context maxMessageSize(final int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Largest message sent as one frame (default {@link #DEFAULT_MAX_FRAME_SIZE}, 64 KiB); larger
         * ones go in chunks of this size. Term buffers and the minimum queue capacities are sized from it.
         */
        public Context maxFrameSize(final int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        public Context outboundQueueCapacity(final int bytes) {
            this.outboundQueueCapacity = bytes;
            return this;
        }

        public Context inboundQueueCapacity(final int bytes) {
            this.inboundQueueCapacity = bytes;
            return this;
        }

        public Context heartbeatInterval(final long value, final TimeUnit unit) {
            this.heartbeatIntervalNs = unit.toNanos(value);
            return this;
        }

        public Context failureTimeout(final long value, final TimeUnit unit) {
            this.failureTimeoutNs = unit.toNanos(value);
            return this;
        }

        public Context imageLossGrace(final long value, final TimeUnit unit) {
            this.imageLossGraceNs = unit.toNanos(value);
            return this;
        }

        /** Image liveness and publication connection timeout of the embedded driver. */
        public Context imageLivenessTimeout(final long value, final TimeUnit unit) {
            this.imageLivenessTimeoutNs = unit.toNanos(value);
            return this;
        }

        public Context closeTimeout(final long value, final TimeUnit unit) {
            this.closeTimeoutNs = unit.toNanos(value);
            return this;
        }

        /**
         * This run's incarnation; default a new one at each launch (the wall-clock milliseconds, and
         * after every incarnation launched before in this JVM).
         */
        public Context incarnation(final long incarnation) {
            this.incarnation = incarnation;
            return this;
        }

        /**
         * The cluster key as text (see {@link ClusterKey}): every frame is signed with it and frames
         * that do not check out are dropped. Default: the environment variable
         * {@value ClusterKey#ENVIRONMENT_VARIABLE} when set. Required unless the endpoint is loopback.
         */
        public Context clusterKey(final String text) {
            this.clusterKey = ClusterKey.fromText(text);
            return this;
        }

        public Context clusterKey(final ClusterKey key) {
            this.clusterKey = Objects.requireNonNull(key, "clusterKey");
            return this;
        }

        /** Bound of the membership table (members and clients, alive or gone); default {@link #DEFAULT_MAX_MEMBERS}. */
        public Context maxMembers(final int maxMembers) {
            this.maxMembers = maxMembers;
            return this;
        }

        /** A membership other than the default {@link GossipMembership}. */
        public Context membershipProvider(final MembershipProvider provider) {
            this.membershipProvider = provider;
            return this;
        }

        public Context idleStrategy(final Supplier<IdleStrategy> supplier) {
            this.idleStrategySupplier = Objects.requireNonNull(supplier);
            return this;
        }

        public Context nanoClock(final NanoClock clock) {
            this.nanoClock = Objects.requireNonNull(clock);
            return this;
        }

        /** The key frames are signed with: the one set, else the environment's, else null. */
        ClusterKey clusterKey() {
            return clusterKey != null ? clusterKey : ClusterKey.fromEnvironment();
        }

        int maxMembers() {
            return maxMembers;
        }

        NanoClock nanoClock() {
            return nanoClock;
        }

        long failureTimeoutNs() {
            return failureTimeoutNs;
        }

        int streamId() {
            return streamId;
        }

        int controlStreamId() {
            return controlStreamId;
        }

        int outboundQueueCapacity() {
            return outboundQueueCapacity;
        }

        int inboundQueueCapacity() {
            return inboundQueueCapacity;
        }

        int maxMessageSize() {
            return maxMessageSize;
        }

        /** Largest message sent as one frame: the smaller of the frame and the message maximum. */
        int frameLimit() {
            return Math.min(maxFrameSize, maxMessageSize);
        }

        /** Term length: a power of two holding 8 maximum frames, at least {@link #MIN_TERM_LENGTH}. */
        int termLength() {
            return Math.max(MIN_TERM_LENGTH, BitUtil.findNextPositivePowerOfTwo((frameLimit() + Frames.overhead(true)) * 8));
        }

        String embeddedDirectoryName() {
            if (embeddedDirectoryName != null) {
                return embeddedDirectoryName;
            }
            final String suffix = endpoint.port() == 0 ? "-" + UUID.randomUUID() : "";
            return new File(DEFAULT_DIRECTORY_PARENT, "grain-" + memberId + "-" + endpoint.host().replace(':', '_')
                + "-" + endpoint.port() + suffix).getPath();
        }

        /**
         * Validates every setting, alone and against the others, and names the first that is wrong.
         * Changes nothing: calling it again gives the same answer.
         *
         * @return this context
         * @throws IllegalArgumentException or {@link IllegalStateException} (no cluster key on a
         *                                  reachable endpoint) naming the setting
         */
        public Context conclude() {
            if (memberId < 0 || memberId > MAX_MEMBER_ID) {
                throw new IllegalArgumentException("memberId must be in 0.." + MAX_MEMBER_ID + ": " + memberId);
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("endpoint (host:port this member receives on) is required");
            }
            if (maxMessageSize < 1 || maxMessageSize > MAX_MAX_MESSAGE_SIZE) {
                throw new IllegalArgumentException("maxMessageSize must be in 1.." + MAX_MAX_MESSAGE_SIZE + ": " + maxMessageSize);
            }
            if (maxFrameSize < MIN_FRAME_SIZE || maxFrameSize > 16 * 1024 * 1024 - Frames.overhead(true)) {
                throw new IllegalArgumentException("maxFrameSize must be in " + MIN_FRAME_SIZE + "..16 MiB - "
                    + Frames.overhead(true) + ": " + maxFrameSize);
            }
            checkQueue("outboundQueueCapacity", outboundQueueCapacity);
            checkQueue("inboundQueueCapacity", inboundQueueCapacity);
            if (threadingMode != ThreadingMode.INVOKER && threadingMode != ThreadingMode.SHARED) {
                throw new IllegalArgumentException("threadingMode must be INVOKER or SHARED on these machines: " + threadingMode);
            }
            if (streamId == controlStreamId) {
                throw new IllegalArgumentException("streamId and controlStreamId must differ: " + streamId);
            }
            if (ipcStreamIdBase < 0 || (long)ipcStreamIdBase + 2L * (MAX_MEMBER_ID + 1) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ipcStreamIdBase leaves no room for two streams per member id: "
                    + ipcStreamIdBase);
            }
            if (incarnation > MemberRecord.MAX_INCARNATION) {
                throw new IllegalArgumentException("incarnation must be at most " + MemberRecord.MAX_INCARNATION + ": " + incarnation);
            }
            if (endpoint.port() != 0 && !Endpoint.validPort(endpoint.port())) {
                throw new IllegalArgumentException("endpoint port must be 0 (any free port) or 1..65535: " + endpoint);
            }
            if (maxMembers < 2 || maxMembers > MAX_MEMBER_ID + 1) {
                throw new IllegalArgumentException("maxMembers must be in 2.." + (MAX_MEMBER_ID + 1) + ": " + maxMembers);
            }
            if (clusterKey() == null && !isLoopback(endpoint.host())) {
                throw new IllegalStateException("member " + memberId + " listens on " + endpoint
                    + ", which other machines can reach, but has no cluster key: anyone who can send it a UDP datagram"
                    + " could join or disrupt the cluster. Give every member the same key: set the environment variable "
                    + ClusterKey.ENVIRONMENT_VARIABLE + " (e.g. to the output of `openssl rand -base64 24`) or call"
                    + " AeronTransport.Context.clusterKey(...)");
            }
            if (imageLivenessTimeoutNs <= 0 || closeTimeoutNs < 0) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (membershipProvider == null) {
                GossipMembership.checkSettings(heartbeatIntervalNs, failureTimeoutNs, imageLossGraceNs, maxMembers, frameLimit());
            }
            return this;
        }

        /** A shallow copy: every field is a value or immutable. */
        @Override
        public Context clone() {
            try {
                return (Context)super.clone();
            } catch (final CloneNotSupportedException ex) {
                throw new AssertionError(ex);
            }
        }

        private static boolean isLoopback(final String host) {
            try {
                final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                for (final InetAddress address : InetAddress.getAllByName(bare)) {
                    if (!address.isLoopbackAddress()) {
                        return false;
                    }
                }
                return true;
            } catch (final UnknownHostException ex) {
                return false;
            }
        }

        private void checkQueue(final String name, final int capacity) {
            if (Integer.bitCount(capacity) != 1) {
                throw new IllegalArgumentException(name + " must be a power of two: " + capacity);
            }
            final int needed = BitUtil.findNextPositivePowerOfTwo((frameLimit() + 64) * 8);
            if (capacity < needed) {
                throw new IllegalArgumentException(name + " of " + capacity + " bytes cannot hold 8 frames of "
                    + frameLimit() + " bytes; use at least " + needed);
            }
        }

        @Override
        public String toString() {
            return "AeronTransport.Context{memberId=" + memberId + ", endpoint=" + endpoint + ", seeds=" + seeds
                + ", hosting=" + hosting + ", incarnation=" + (incarnation < 0 ? "per launch" : incarnation) + ", aeronDir=" + aeronDirectoryName + ", maxMessageSize=" + maxMessageSize + ", maxFrameSize=" + maxFrameSize + '}';
        }

        List<String> seedsCopy() {
            return new ArrayList<>(seeds);
        }
    }
}
