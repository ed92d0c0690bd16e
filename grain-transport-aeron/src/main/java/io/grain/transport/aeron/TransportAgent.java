package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.grain.runtime.MemberCounters;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.ControlSender;
import io.grain.transport.aeron.membership.MalformedMessageException;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MembershipProvider;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.function.LongConsumer;

/**
 * The transport's duty cycle, on its own thread: invokes the embedded driver and the Aeron client
 * conductor, runs the membership, has the {@link PeerTable} follow its view (with
 * {@link Publications} for the channels), moves each peer's outbound queue onto its publication
 * (handling every offer result), sends membership messages, and polls the subscriptions.
 *
 * <p>Thread ownership: everything here runs on the transport thread, except {@link #routing()}
 * (a volatile read of an immutable snapshot) and {@link #submit} (a concurrent queue).
 */
final class TransportAgent implements Agent, ControlSender {
    private static final Logger LOG = LoggerFactory.getLogger(TransportAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int DRAIN_LIMIT = 64;
    private static final int COMMAND_CAPACITY = 1024;
    private static final int MALFORMED_LOG_EVERY = 100;
    static final int UDP_DATA = 0;
    static final int UDP_CONTROL = 1;
    static final int IPC_DATA = 2;
    static final int IPC_CONTROL = 3;
    static final int SUBSCRIPTIONS = 4;
    /** Duty cycles (each invokes the embedded driver) between a leave and the end of close. */
    private static final int FLUSH_CYCLES = 10;

    /** Receives image losses from the Aeron client conductor (which runs on the transport thread). */
    static final class ImageListener {
        private TransportAgent agent;

        void onUdpImageLost(final Image image) {
            if (agent != null) {
                agent.onImageLost(agent.udpSessions, image);
            }
        }

        void onIpcImageLost(final Image image) {
            if (agent != null) {
                agent.onImageLost(agent.ipcSessions, image);
            }
        }
    }

    private final AeronTransport.Context ctx;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private final Subscription[] subscriptions;
    private final MembershipProvider membership;
    private final ManyToOneRingBuffer inbound;
    private final MemberRecord self;
    private final NanoClock clock;
    private final ManyToOneConcurrentArrayQueue<LongConsumer> commands = new ManyToOneConcurrentArrayQueue<>(COMMAND_CAPACITY);

    private final Publications publications;
    private final PeerTable peerTable;
    private final Int2ObjectHashMap<Peer> peers;
    private final Int2IntHashMap udpSessions = new Int2IntHashMap(-1);
    private final Int2IntHashMap ipcSessions = new Int2IntHashMap(-1);
    private final ControlledFragmentAssembler[] assemblers = new ControlledFragmentAssembler[SUBSCRIPTIONS];
    private final org.agrona.ExpandableDirectByteBuffer introduction = new org.agrona.ExpandableDirectByteBuffer(256);
    private final UnsafeBuffer dataHeader = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH]);
    private final UnsafeBuffer controlHeader = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH]);
    private final org.agrona.concurrent.ControlledMessageHandler drainHandler = this::onOutbound;

    private final AtomicCounter sent;
    private final AtomicCounter received;
    private final AtomicCounter bytesSent;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter backPressure;
    private final AtomicCounter malformed;
    private final AtomicCounter calls;
    private final AtomicCounter callErrors;
    private final AtomicCounter activations;
    /** The runtime's counters, copied into {@link #calls}, {@link #callErrors} and {@link #activations}. */
    private volatile MemberCounters runtimeCounters;

    private Runnable afterFlush;
    private int flushCycles;
    private Peer draining;
    private long nowNs;
    private boolean running = true;

    TransportAgent(final AeronTransport.Context ctx, final Aeron aeron,
        final AgentInvoker driverInvoker, final Subscription[] subscriptions, final TransportCounters counters,
        final MembershipProvider membership, final ManyToOneRingBuffer inbound, final MemberRecord self,
        final ImageListener images) {
        this.ctx = ctx;
        this.driverInvoker = driverInvoker;
        this.clientInvoker = aeron.conductorAgentInvoker();
        this.subscriptions = subscriptions;
        this.membership = membership;
        this.inbound = inbound;
        this.self = self;
        this.clock = ctx.nanoClock();
        assemblers[UDP_DATA] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(null, b, o, l, h));
        assemblers[UDP_CONTROL] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(udpSessions, b, o, l, h));
        assemblers[IPC_DATA] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(null, b, o, l, h));
        assemblers[IPC_CONTROL] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(ipcSessions, b, o, l, h));
        Frames.writeHeader(dataHeader, 0, Frames.TYPE_DATA, self.memberId());
        Frames.writeHeader(controlHeader, 0, Frames.TYPE_CONTROL, self.memberId());
        sent = counters.get(TransportCounters.Id.MESSAGES_SENT);
        received = counters.get(TransportCounters.Id.MESSAGES_RECEIVED);
        bytesSent = counters.get(TransportCounters.Id.BYTES_SENT);
        bytesReceived = counters.get(TransportCounters.Id.BYTES_RECEIVED);
        backPressure = counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS);
        malformed = counters.get(TransportCounters.Id.MALFORMED_FRAMES);
        calls = counters.get(TransportCounters.Id.CALLS);
        callErrors = counters.get(TransportCounters.Id.CALL_ERRORS);
        activations = counters.get(TransportCounters.Id.ACTIVATIONS);
        publications = new Publications(ctx, aeron, self);
        peerTable = new PeerTable(self.memberId(), ctx.outboundQueueCapacity(), publications, counters);
        peers = peerTable.peers();
        images.agent = this;
    }

    @Override
    public String roleName() {
        return "grain-aeron-" + self.memberId();
    }

    @Override
    public void onStart() {
        nowNs = clock.nanoTime();
        membership.start(self, this, nowNs);
    }

    /** Senders' view of the peers: an immutable snapshot. Any thread. */
    Int2ObjectHashMap<Peer> routing() {
        return peerTable.routing();
    }

    /** Runs {@code command} on the transport thread; false if the queue is full or the thread stopped. */
    boolean submit(final LongConsumer command) {
        return running && commands.offer(command);
    }

    @Override
    public int doWork() {
        nowNs = clock.nanoTime();
        int work = 0;
        if (driverInvoker != null) {
            work += driverInvoker.invoke();
        }
        work += clientInvoker.invoke();
        LongConsumer command;
        while ((command = commands.poll()) != null) {
            command.accept(nowNs);
            work++;
        }
        work += membership.doWork(nowNs);
        peerTable.reconcile(membership.view(), nowNs);
        work += peerTable.endTransition(nowNs);
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            work += subscriptions[i].controlledPoll(assemblers[i], FRAGMENT_LIMIT);
        }
        work += drainOutbound();
        publishRuntimeCounters();
        if (afterFlush != null && ++flushCycles >= FLUSH_CYCLES) {
            afterFlush.run();
            afterFlush = null;
        }
        return work;
    }

    /** Gives the runtime's counters to publish from now on. Any thread. */
    void runtimeCounters(final MemberCounters counters) {
        runtimeCounters = counters;
    }

    private void publishRuntimeCounters() {
        final MemberCounters counters = runtimeCounters;
        if (counters != null) {
            calls.setRelease(counters.calls());
            callErrors.setRelease(counters.callErrors());
            activations.setRelease(counters.activations());
        }
    }

    /** Runs {@code action} after a few more duty cycles, so the driver sends what was just offered. */
    void afterFlush(final Runnable action) {
        flushCycles = 0;
        afterFlush = action;
    }

    @Override
    public void onClose() {
        running = false;
    }

    /** After the thread stopped: closes every publication. */
    void closeResources() {
        running = false;
        peerTable.closeAll();
        publications.closeAll();
    }

    /** {@link PeerTable#appliedView()}. Any thread. */
    ClusterView appliedView() {
        return peerTable.appliedView();
    }

    // ---------------------------------------------------------------- outbound

    private int drainOutbound() {
        int work = 0;
        for (final Peer peer : peers.values()) {
            if (peer.queue.size() == 0) {
                continue;
            }
            if (peer.publication == null || peer.publication.isClosed()) {
                peer.publication = publications.get(peer.channel, peer.streamId);
                if (peer.publication == null) {
                    continue;
                }
            }
            if (!peer.introduced) {
                // the peer must know who we are before our first call reaches it, or it could not answer
                final int length = membership.encodeIntroduction(introduction, 0);
                if (length > 0 && !offer(peer.publication, introduction, 0, length)) {
                    continue;
                }
                peer.introduced = true;
            }
            draining = peer;
            work += peer.queue.controlledRead(drainHandler, DRAIN_LIMIT);
        }
        draining = null;
        return work;
    }

    /** Best effort, during close: one pass over every queue. */
    void drainAllOutbound() {
        drainOutbound();
    }

    private org.agrona.concurrent.ControlledMessageHandler.Action onOutbound(final int type,
        final MutableDirectBuffer buffer, final int index, final int length) {
        final Peer peer = draining;
        final long result = peer.publication.offer(dataHeader, 0, Frames.HEADER_LENGTH, buffer, index, length);
        if (result > 0) {
            sent.incrementRelease();
            bytesSent.getAndAddRelease(length);
            return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
        }
        if (result == Publication.BACK_PRESSURED) {
            backPressure.increment();
        } else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
            // a new publication (new session, position 0) is created on the next duty cycle
            LOG.warn("member {}: publication to {} is {}; replacing it", self.memberId(), peer,
                result == Publication.CLOSED ? "closed" : "at its maximum position");
            publications.replace(peer);
        }
        // NOT_CONNECTED (peer's subscription not there yet) and ADMIN_ACTION (log rotation):
        // keep the message queued and try again on the next duty cycle; the bounded queue pushes
        // back on senders, and membership removes a peer that stays unreachable.
        return org.agrona.concurrent.ControlledMessageHandler.Action.ABORT;
    }

    // ---------------------------------------------------------------- control (membership)

    @Override
    public boolean sendToMember(final int memberId, final DirectBuffer buffer, final int offset, final int length) {
        final Peer peer = peers.get(memberId);
        final ExclusivePublication publication;
        if (peer != null) {
            if (peer.controlPublication == null || peer.controlPublication.isClosed()) {
                peer.controlPublication = publications.get(peer.channel, peer.controlStreamId);
            }
            publication = peer.controlPublication;
        } else {
            final MemberRecord r = membership.view().record(memberId);
            if (r == null) {
                return false;
            }
            publication = publications.get(publications.channelFor(r), publications.controlStreamFor(r));
        }
        return offer(publication, buffer, offset, length);
    }

    @Override
    public boolean sendToEndpoint(final String endpoint, final DirectBuffer buffer, final int offset, final int length) {
        return offer(publications.get(publications.udpChannel(endpoint), ctx.controlStreamId()), buffer, offset, length);
    }

    /** Offers one membership message; best effort (the protocol tolerates loss). */
    private boolean offer(final ExclusivePublication publication, final DirectBuffer buffer, final int offset,
        final int length) {
        if (publication == null) {
            return false;
        }
        try {
            final long result = publication.offer(controlHeader, 0, Frames.HEADER_LENGTH, buffer, offset, length);
            if (result == Publication.BACK_PRESSURED) {
                backPressure.increment();
            }
            return result > 0;
        } catch (final IllegalArgumentException ex) {
            LOG.error("member {}: membership message of {} bytes does not fit a publication: {}", self.memberId(), length,
                ex.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- inbound

    private ControlledFragmentHandler.Action onFragment(final Int2IntHashMap sessions, final DirectBuffer buffer,
        final int offset, final int length, final Header header) {
        final String problem = Frames.check(buffer, offset, length);
        if (problem != null) {
            onMalformed(header.sessionId(), problem);
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        final int sender = Frames.sender(buffer, offset);
        if (Frames.type(buffer, offset) == Frames.TYPE_DATA) {
            if (!inbound.write(Frames.TYPE_DATA, buffer, offset + Frames.HEADER_LENGTH, length - Frames.HEADER_LENGTH)) {
                // the member is not keeping up: leave the message in the image; Aeron's flow control
                // pushes back on the sender
                return ControlledFragmentHandler.Action.ABORT;
            }
            received.incrementRelease();
            bytesReceived.getAndAddRelease(length - Frames.HEADER_LENGTH);
        } else {
            try {
                membership.onControlMessage(sender, buffer, offset + Frames.HEADER_LENGTH, length - Frames.HEADER_LENGTH, nowNs);
            } catch (final MalformedMessageException ex) {
                onMalformed(header.sessionId(), ex.getMessage());
                return ControlledFragmentHandler.Action.CONTINUE;
            }
        }
        if (sessions != null && sessions.get(header.sessionId()) != sender) {
            sessions.put(header.sessionId(), sender);
        }
        membership.onActivity(sender, nowNs);
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void onMalformed(final int sessionId, final String problem) {
        final long count = malformed.incrementRelease() + 1;
        if (count <= 10 || count % MALFORMED_LOG_EVERY == 0) {
            LOG.warn("member {} dropped malformed frame #{} from session {}: {}", self.memberId(), count, sessionId, problem);
        }
    }

    private void onImageLost(final Int2IntHashMap sessions, final Image image) {
        if (!running) {
            return;
        }
        final int memberId = sessions.remove(image.sessionId());
        if (memberId != -1) {
            LOG.info("member {} lost the image of member {} ({})", self.memberId(), memberId, image.sourceIdentity());
            membership.onImageLost(memberId, clock.nanoTime());
        }
    }

    @Override
    public String toString() {
        return roleName() + " peers " + new ArrayList<>(peers.keySet());
    }
}
