package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.transport.MessageSlots;
import io.grain.runtime.transport.Transport;
import io.grain.transport.aeron.membership.ClusterView;
import io.grain.transport.aeron.membership.ControlSender;
import io.grain.transport.aeron.membership.GossipMembership;
import io.grain.transport.aeron.membership.MalformedMessageException;
import io.grain.transport.aeron.membership.MemberRecord;
import io.grain.transport.aeron.membership.MembershipProvider;
import io.grain.transport.aeron.membership.RateLimitedWarnings;
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
import java.util.EnumSet;
import java.util.function.LongConsumer;

/**
 * The transport's duty cycle, on its own thread: invokes the embedded driver and the Aeron client
 * conductor, runs the membership, has the {@link PeerTable} follow its view (with
 * {@link Publications} for the channels), moves each peer's outbound queue onto its publication
 * (handling every offer result), sends membership messages, and polls the subscriptions.
 *
 * <p>Received data goes to the runtime's {@link Transport.MessageReceiver} once the member gave
 * one ({@link #deliverTo}), straight from the term buffer on this thread (a message the receiver
 * refuses stays in the image, and Aeron's flow control pushes back on its sender); until then, and
 * for a transport used without a member, into the inbound queue that {@link AeronTransport#poll}
 * reads. Frames that fit one Aeron frame are written with {@code tryClaim}: header, body and MAC in
 * place in the term buffer; larger ones are offered.
 *
 * <p>Thread ownership: everything here runs on the thread that runs the duty cycle (the transport's
 * own thread, or the shard thread it was handed to: {@link AeronTransport#takeDutyCycle()}), except
 * {@link #routing()} (a volatile read of an immutable snapshot), {@link #submit} (a concurrent
 * queue) and {@link #deliverTo} (a volatile write).
 */
final class TransportAgent implements Agent, ControlSender {
    private static final Logger LOG = LoggerFactory.getLogger(TransportAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int DRAIN_LIMIT = 64;
    /**
     * Chunks of a large message offered to one peer per duty cycle: the rest of the cycle (other
     * peers, membership, receiving) runs in between, so a large message never holds the thread.
     */
    private static final int CHUNKS_PER_CYCLE = 8;
    private static final byte[] EMPTY = new byte[0];
    private static final int COMMAND_CAPACITY = 1024;
    /** Kinds of {@link #warnings}. */
    private static final int WARN_MALFORMED = 0;
    private static final int WARN_UNAUTHENTICATED = 1;
    private static final int WARN_DUTY_CYCLE = 2;
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
    /** Large messages received, for the poller; their index records go through {@link #inbound}. */
    private final MessageSlots inboundLarge;
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
    /** Frame header and chunk header of the chunk being sent: one header as far as the MAC goes. */
    private final UnsafeBuffer chunkHeader = new UnsafeBuffer(new byte[Frames.HEADER_LENGTH + Frames.CHUNK_HEADER_LENGTH]);
    /** Bytes of a large message in each chunk. */
    private final int chunkLength;
    private final Reassembler reassembler;
    /** A large message received whole that found no free inbound slot yet; data waits behind it. */
    private byte[] undelivered;
    /** Wraps the large message being chunked, during {@link #sendChunks}. */
    private final UnsafeBuffer chunkBody = new UnsafeBuffer(EMPTY);
    /** Signs outgoing and checks incoming frames; null when the member runs without a cluster key. */
    private final FrameAuthenticator authenticator;
    private final UnsafeBuffer tag = new UnsafeBuffer(new byte[FrameAuthenticator.TAG_LENGTH]);
    /** Header, body and tag of one signed frame, offered as one message; reused. */
    private final DirectBufferVector[] signedFrame = {
        new DirectBufferVector(), new DirectBufferVector(), new DirectBufferVector(tag, 0, FrameAuthenticator.TAG_LENGTH)};
    /** Longest frame accepted: the maximum message plus the frame's overhead. */
    private final int maxFrameLength;
    private final RateLimitedWarnings warnings;
    /** Duty-cycle steps that failed at least once (logged in full the first time only). */
    private final EnumSet<Step> failedSteps = EnumSet.noneOf(Step.class);
    /** The default membership, whose refused records are published as a counter; null for another provider. */
    private final GossipMembership gossip;
    private final org.agrona.concurrent.ControlledMessageHandler drainHandler = this::onOutbound;
    private final org.agrona.concurrent.ControlledMessageHandler inboundHandler = this::onQueuedInbound;
    private final BufferClaim claim = new BufferClaim();
    /** Wraps a large message while the receiver reads it. */
    private final UnsafeBuffer largeView = new UnsafeBuffer(EMPTY);
    /** Where received data goes once the member gave a receiver; null: into {@link #inbound}. */
    private volatile Transport.MessageReceiver receiver;
    /** The thread running the duty cycle now (written each cycle); lets that thread send without the queue. */
    private volatile Thread dutyThread;

    private final AtomicCounter sent;
    private final AtomicCounter received;
    private final AtomicCounter bytesSent;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter backPressure;
    private final AtomicCounter malformed;
    private final AtomicCounter unauthenticated;
    private final AtomicCounter dutyCycleFailures;
    private final AtomicCounter partialsDropped;
    private final AtomicCounter recordsRefused;
    private final AtomicCounter calls;
    private final AtomicCounter callErrors;
    private final AtomicCounter activations;
    private final AtomicCounter reminderTicks;
    private final AtomicCounter reminderFailures;
    private final AtomicCounter restarts;
    private final AtomicCounter activationFailures;
    private final AtomicCounter backOffRejections;
    /** The runtime's counters, copied into {@link #calls}, {@link #callErrors} and {@link #activations}. */
    private volatile MemberCounters runtimeCounters;

    private Runnable afterFlush;
    private int flushCycles;
    private Peer draining;
    private long nowNs;
    private boolean running = true;

    TransportAgent(final AeronTransport.Context ctx, final Aeron aeron,
        final AgentInvoker driverInvoker, final Subscription[] subscriptions, final TransportCounters counters,
        final MembershipProvider membership, final ManyToOneRingBuffer inbound, final MessageSlots inboundLarge,
        final MemberRecord self, final ImageListener images) {
        this.ctx = ctx;
        this.driverInvoker = driverInvoker;
        this.clientInvoker = aeron.conductorAgentInvoker();
        this.subscriptions = subscriptions;
        this.membership = membership;
        this.gossip = membership instanceof GossipMembership g ? g : null;
        this.inbound = inbound;
        this.inboundLarge = inboundLarge;
        this.self = self;
        this.clock = ctx.nanoClock();
        assemblers[UDP_DATA] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(null, b, o, l, h));
        assemblers[UDP_CONTROL] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(udpSessions, b, o, l, h));
        assemblers[IPC_DATA] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(null, b, o, l, h));
        assemblers[IPC_CONTROL] = new ControlledFragmentAssembler((b, o, l, h) -> onFragment(ipcSessions, b, o, l, h));
        this.authenticator = ctx.clusterKey() == null ? null : new FrameAuthenticator(ctx.clusterKey());
        final byte version = authenticator == null ? Frames.VERSION : Frames.VERSION_AUTHENTICATED;
        Frames.writeHeader(dataHeader, 0, version, Frames.TYPE_DATA, self.memberId());
        Frames.writeHeader(controlHeader, 0, version, Frames.TYPE_CONTROL, self.memberId());
        Frames.writeHeader(chunkHeader, 0, version, Frames.TYPE_CHUNK, self.memberId());
        this.maxFrameLength = ctx.frameLimit() + Frames.overhead(authenticator != null);
        this.chunkLength = Math.max(1, ctx.frameLimit() - Frames.CHUNK_HEADER_LENGTH);
        this.reassembler = new Reassembler(ctx.maxMessageSize(), chunkLength);
        this.warnings = new RateLimitedWarnings(LOG, self.memberId(),
            "malformed frames", "frames failing authentication", "duty cycle failures");
        sent = counters.get(TransportCounters.Id.MESSAGES_SENT);
        received = counters.get(TransportCounters.Id.MESSAGES_RECEIVED);
        bytesSent = counters.get(TransportCounters.Id.BYTES_SENT);
        bytesReceived = counters.get(TransportCounters.Id.BYTES_RECEIVED);
        backPressure = counters.get(TransportCounters.Id.BACK_PRESSURE_EVENTS);
        malformed = counters.get(TransportCounters.Id.MALFORMED_FRAMES);
        unauthenticated = counters.get(TransportCounters.Id.FRAMES_UNAUTHENTICATED);
        dutyCycleFailures = counters.get(TransportCounters.Id.DUTY_CYCLE_FAILURES);
        partialsDropped = counters.get(TransportCounters.Id.PARTIAL_MESSAGES_DROPPED);
        recordsRefused = counters.get(TransportCounters.Id.RECORDS_REFUSED);
        calls = counters.get(TransportCounters.Id.CALLS);
        callErrors = counters.get(TransportCounters.Id.CALL_ERRORS);
        activations = counters.get(TransportCounters.Id.ACTIVATIONS);
        reminderTicks = counters.get(TransportCounters.Id.REMINDER_TICKS);
        reminderFailures = counters.get(TransportCounters.Id.REMINDER_FAILURES);
        restarts = counters.get(TransportCounters.Id.RESTARTS);
        activationFailures = counters.get(TransportCounters.Id.ACTIVATION_FAILURES);
        backOffRejections = counters.get(TransportCounters.Id.BACKOFF_REJECTIONS);
        publications = new Publications(ctx, aeron, self);
        peerTable = new PeerTable(self.memberId(), ctx.outboundQueueCapacity(), publications, counters,
            ctx.failureTimeoutNs());
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

    /** From now on received data goes to {@code receiver} on this agent's thread. Any thread, once. */
    void deliverTo(final Transport.MessageReceiver receiver) {
        this.receiver = receiver;
    }

    /** True when the calling thread is the one running the duty cycle now. */
    boolean onDutyThread() {
        return dutyThread == Thread.currentThread();
    }

    @Override
    public int doWork() {
        final Thread current = Thread.currentThread();
        if (dutyThread != current) {
            dutyThread = current;
        }
        nowNs = clock.nanoTime();
        int work = 0;
        if (driverInvoker != null) {
            work += driverInvoker.invoke();
        }
        work += clientInvoker.invoke();
        // Each step is guarded on its own: whatever one of them throws (a bug, since input is
        // validated before anything is kept) is counted and logged, and the rest of the cycle runs.
        LongConsumer command;
        while ((command = commands.poll()) != null) {
            try {
                command.accept(nowNs);
            } catch (final RuntimeException ex) {
                onStepFailed(Step.COMMAND, ex);
            }
            work++;
        }
        try {
            work += membership.doWork(nowNs);
        } catch (final RuntimeException ex) {
            onStepFailed(Step.MEMBERSHIP, ex);
        }
        try {
            peerTable.reconcile(membership.view(), nowNs);
            work += peerTable.endTransition(nowNs);
        } catch (final RuntimeException ex) {
            onStepFailed(Step.PEERS, ex);
        }
        if (undelivered != null) {
            work += deliverLarge() ? 1 : 0;
        }
        if (receiver != null && undelivered == null) {
            // what came before the receiver, and messages this member sent itself
            try {
                work += inbound.controlledRead(inboundHandler, FRAGMENT_LIMIT);
            } catch (final RuntimeException ex) {
                onStepFailed(Step.RECEIVE, ex);
            }
        }
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            try {
                work += subscriptions[i].controlledPoll(assemblers[i], FRAGMENT_LIMIT);
            } catch (final RuntimeException ex) {
                onStepFailed(Step.RECEIVE, ex);
            }
        }
        try {
            work += drainOutbound();
        } catch (final RuntimeException ex) {
            draining = null;
            onStepFailed(Step.SEND, ex);
        }
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

    /** The steps of a duty cycle, for reporting a failure in one of them. */
    private enum Step {
        COMMAND, MEMBERSHIP, PEERS, RECEIVE, SEND
    }

    private void onStepFailed(final Step step, final RuntimeException ex) {
        dutyCycleFailures.increment();
        if (failedSteps.add(step)) {
            LOG.error("member {}: the {} step of the transport's duty cycle failed; the cycle goes on (counted in '{}')",
                self.memberId(), step, TransportCounters.Id.DUTY_CYCLE_FAILURES.label(), ex);
        } else {
            warnings.warn(WARN_DUTY_CYCLE, step + " step: " + ex.getClass().getSimpleName(), nowNs);
        }
    }

    private void publishRuntimeCounters() {
        if (gossip != null) {
            recordsRefused.setRelease(gossip.refusedRecords());
        }
        partialsDropped.setRelease(reassembler.dropped());
        final MemberCounters counters = runtimeCounters;
        if (counters != null) {
            calls.setRelease(counters.calls());
            callErrors.setRelease(counters.callErrors());
            activations.setRelease(counters.activations());
            reminderTicks.setRelease(counters.reminderTicks());
            reminderFailures.setRelease(counters.reminderFailures());
            restarts.setRelease(counters.restarts());
            activationFailures.setRelease(counters.activationFailures());
            backOffRejections.setRelease(counters.backOffRejections());
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
            if (peer.chunking == null && peer.queue.size() == 0) {
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
            if (peer.chunking != null) {
                // a large message goes before whatever was queued after it, so order holds
                work += sendChunks(peer);
                if (peer.chunking != null) {
                    continue;
                }
            }
            draining = peer;
            work += peer.queue.controlledRead(drainHandler, DRAIN_LIMIT);
            if (peer.chunking != null && peer.publication != null) {
                // the read stopped at a large message: its first chunks go at once
                work += sendChunks(peer);
            }
        }
        draining = null;
        return work;
    }

    /**
     * Sends one message to {@code peer} at once, from the thread that runs the duty cycle (a shard
     * sharing it), without going through the peer's queue; false when it cannot go now (something is
     * queued before it, no publication yet, not introduced, or the publication refused it): the caller
     * queues it then, behind whatever is queued.
     */
    boolean sendNow(final Peer peer, final DirectBuffer buffer, final int offset, final int length) {
        if (!peer.open || !peer.introduced || peer.chunking != null || peer.queue.size() != 0) {
            return false;
        }
        final ExclusivePublication publication = peer.publication;
        if (publication == null || publication.isClosed()) {
            return false;
        }
        final long result = offerFrame(publication, dataHeader, Frames.HEADER_LENGTH, buffer, offset, length);
        if (result > 0) {
            sent.incrementRelease();
            bytesSent.getAndAddRelease(length);
            return true;
        }
        return false;
    }

    /**
     * True when a peer's outbound queue holds messages: the idle strategy's last look before it
     * parks, so a message queued just before never waits out a park. The duty cycle's thread.
     */
    boolean outboundWaiting() {
        for (final Peer peer : peers.values()) {
            if (peer.queue.size() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Best effort, during close: one pass over every queue. */
    void drainAllOutbound() {
        drainOutbound();
    }

    private org.agrona.concurrent.ControlledMessageHandler.Action onOutbound(final int type,
        final MutableDirectBuffer buffer, final int index, final int length) {
        final Peer peer = draining;
        if (type == AeronTransport.RECORD_LARGE) {
            // sent in chunks from here on (drainOutbound); what was queued after it waits
            peer.chunking = peer.largeMessages.take(buffer.getInt(index));
            peer.chunked = 0;
            return peer.chunking == null ? org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE
                : org.agrona.concurrent.ControlledMessageHandler.Action.BREAK;
        }
        final long result = offerFrame(peer.publication, dataHeader, Frames.HEADER_LENGTH, buffer, index, length);
        if (result > 0) {
            sent.incrementRelease();
            bytesSent.getAndAddRelease(length);
            return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
        }
        onOfferRefused(peer, result);
        return org.agrona.concurrent.ControlledMessageHandler.Action.ABORT;
    }

    /**
     * Offers up to {@link #CHUNKS_PER_CYCLE} chunks of {@code peer}'s large message; returns how
     * many went. A chunk the publication does not take is offered again on the next duty cycle; on
     * a replaced publication the message starts again at offset 0 (the receiver drops the run it had).
     */
    private int sendChunks(final Peer peer) {
        final byte[] message = peer.chunking;
        chunkBody.wrap(message);
        int count = 0;
        while (count < CHUNKS_PER_CYCLE) {
            final int offset = peer.chunked;
            final int length = Math.min(chunkLength, message.length - offset);
            Frames.writeChunkHeader(chunkHeader, Frames.HEADER_LENGTH, message.length, offset);
            final long result = offerFrame(peer.publication, chunkHeader, chunkHeader.capacity(), chunkBody, offset, length);
            if (result <= 0) {
                if (onOfferRefused(peer, result)) {
                    peer.chunked = 0;
                }
                break;
            }
            count++;
            peer.chunked = offset + length;
            if (peer.chunked == message.length) {
                peer.chunking = null;
                sent.incrementRelease();
                bytesSent.getAndAddRelease(message.length);
                break;
            }
        }
        chunkBody.wrap(EMPTY);
        return count;
    }

    /**
     * Handles an offer result other than success; true when the publication was replaced. The
     * frame stays queued in every case.
     */
    private boolean onOfferRefused(final Peer peer, final long result) {
        if (result == Publication.BACK_PRESSURED) {
            backPressure.increment();
        } else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
            // a new publication (new session, position 0) is created on the next duty cycle
            LOG.warn("member {}: publication to {} is {}; replacing it", self.memberId(), peer,
                result == Publication.CLOSED ? "closed" : "at its maximum position");
            publications.replace(peer);
            return true;
        }
        // NOT_CONNECTED (peer's subscription not there yet) and ADMIN_ACTION (log rotation):
        // keep the message queued and try again on the next duty cycle; the bounded queue pushes
        // back on senders, and membership removes a peer that stays unreachable.
        return false;
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
            final long result = offerFrame(publication, controlHeader, Frames.HEADER_LENGTH, buffer, offset, length);
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

    /**
     * Writes header and body as one frame, with the MAC of both after them when the member has a
     * key: in place with {@code tryClaim} when the frame fits one Aeron frame, else offered (Aeron
     * fragments it).
     */
    private long offerFrame(final ExclusivePublication publication, final DirectBuffer header, final int headerLength,
        final DirectBuffer body, final int offset, final int length) {
        final int tagLength = authenticator == null ? 0 : FrameAuthenticator.TAG_LENGTH;
        final int frameLength = headerLength + length + tagLength;
        if (frameLength <= publication.maxPayloadLength()) {
            final long result = publication.tryClaim(frameLength, claim);
            if (result > 0) {
                try {
                    final MutableDirectBuffer out = claim.buffer();
                    final int at = claim.offset();
                    out.putBytes(at, header, 0, headerLength);
                    out.putBytes(at + headerLength, body, offset, length);
                    if (authenticator != null) {
                        authenticator.begin();
                        authenticator.update(out, at, headerLength + length);
                        authenticator.end(out, at + headerLength + length);
                    }
                } catch (final RuntimeException | Error ex) {
                    claim.abort();
                    throw ex;
                }
                claim.commit();
            }
            return result;
        }
        if (authenticator == null) {
            return publication.offer(header, 0, headerLength, body, offset, length);
        }
        authenticator.begin();
        authenticator.update(header, 0, headerLength);
        authenticator.update(body, offset, length);
        authenticator.end(tag, 0);
        signedFrame[0].reset(header, 0, headerLength);
        signedFrame[1].reset(body, offset, length);
        return publication.offer(signedFrame);
    }

    // ---------------------------------------------------------------- inbound

    private ControlledFragmentHandler.Action onFragment(final Int2IntHashMap sessions, final DirectBuffer buffer,
        final int offset, final int length, final Header header) {
        // Order matters: nothing in the frame is trusted, or decoded, before its MAC checked out.
        if (length > maxFrameLength) {
            return drop(WARN_MALFORMED, "frame longer than the maximum message size allows");
        }
        final String problem = Frames.checkHeader(buffer, offset, length);
        if (problem != null) {
            return drop(WARN_MALFORMED, problem);
        }
        final int bodyLength;
        if (authenticator != null) {
            if (Frames.version(buffer, offset) != Frames.VERSION_AUTHENTICATED) {
                return drop(WARN_UNAUTHENTICATED, "frame without a MAC (this member requires the cluster key)");
            }
            if (length < Frames.HEADER_LENGTH + FrameAuthenticator.TAG_LENGTH) {
                return drop(WARN_UNAUTHENTICATED, "frame too short to carry a MAC");
            }
            if (!authenticator.verify(buffer, offset, length)) {
                return drop(WARN_UNAUTHENTICATED, "MAC does not match the cluster key");
            }
            bodyLength = length - Frames.HEADER_LENGTH - FrameAuthenticator.TAG_LENGTH;
        } else {
            if (Frames.version(buffer, offset) != Frames.VERSION) {
                return drop(WARN_UNAUTHENTICATED, "frame signed with a cluster key, but this member has none ("
                    + ClusterKey.ENVIRONMENT_VARIABLE + " or AeronTransport.Context.clusterKey)");
            }
            bodyLength = length - Frames.HEADER_LENGTH;
        }
        final byte type = Frames.type(buffer, offset);
        if (type != Frames.TYPE_DATA && type != Frames.TYPE_CONTROL && type != Frames.TYPE_CHUNK) {
            return drop(WARN_MALFORMED, "unknown frame type");
        }
        final int sender = Frames.sender(buffer, offset);
        if (sender < 0 || sender > AeronTransport.Context.MAX_MEMBER_ID || sender == self.memberId()) {
            return drop(WARN_MALFORMED, "sender member id out of range or this member's own");
        }
        final int body = offset + Frames.HEADER_LENGTH;
        if (type == Frames.TYPE_CHUNK) {
            final ControlledFragmentHandler.Action action = onChunk(sender, buffer, body, bodyLength);
            if (action != null) {
                return action;
            }
        } else if (type == Frames.TYPE_DATA) {
            final Transport.MessageReceiver direct = receiver;
            if (undelivered != null || (direct != null ? !direct.onMessage(buffer, body, bodyLength)
                : !inbound.write(AeronTransport.RECORD_MESSAGE, buffer, body, bodyLength))) {
                // the member is not keeping up: leave the message in the image; Aeron's flow control
                // pushes back on the sender
                return ControlledFragmentHandler.Action.ABORT;
            }
            received.incrementRelease();
            bytesReceived.getAndAddRelease(bodyLength);
        } else {
            try {
                membership.onControlMessage(sender, buffer, body, bodyLength, nowNs);
            } catch (final MalformedMessageException ex) {
                return drop(WARN_MALFORMED, ex.getMessage());
            } catch (final RuntimeException ex) {
                onStepFailed(Step.RECEIVE, ex);
                return ControlledFragmentHandler.Action.CONTINUE;
            }
        }
        if (sessions != null && sessions.get(header.sessionId()) != sender) {
            sessions.put(header.sessionId(), sender);
        }
        membership.onActivity(sender, nowNs);
        peerTable.onActivity(sender, nowNs);
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    /**
     * One authenticated chunk: kept, or the message it completes handed to the poller. Returns the
     * action that ends the frame's handling, or null to go on as for any frame of {@code sender}.
     */
    private ControlledFragmentHandler.Action onChunk(final int sender, final DirectBuffer buffer, final int body,
        final int bodyLength) {
        if (undelivered != null) {
            // the last large message is still waiting for a slot: keep this in the image
            return ControlledFragmentHandler.Action.ABORT;
        }
        if (bodyLength < Frames.CHUNK_HEADER_LENGTH) {
            reassembler.discard(sender);
            return drop(WARN_MALFORMED, "chunk shorter than its header");
        }
        final int result = reassembler.onChunk(sender, Frames.chunkTotal(buffer, body), Frames.chunkOffset(buffer, body),
            buffer, body + Frames.CHUNK_HEADER_LENGTH, bodyLength - Frames.CHUNK_HEADER_LENGTH);
        if (result == Reassembler.REFUSED) {
            return drop(WARN_MALFORMED, reassembler.problem());
        }
        if (result == Reassembler.COMPLETE) {
            undelivered = reassembler.takeComplete();
            deliverLarge();
        }
        return null;
    }

    /**
     * Hands {@link #undelivered} to the receiver, or to the poller through a free inbound slot;
     * false when neither can take it yet.
     */
    private boolean deliverLarge() {
        final byte[] message = undelivered;
        final Transport.MessageReceiver direct = receiver;
        if (direct != null) {
            largeView.wrap(message);
            final boolean taken;
            try {
                taken = direct.onMessage(largeView, 0, message.length);
            } finally {
                largeView.wrap(EMPTY);
            }
            if (taken) {
                undelivered = null;
                received.incrementRelease();
                bytesReceived.getAndAddRelease(message.length);
            }
            return taken;
        }
        final int slot = inboundLarge.claim(message);
        if (slot == MessageSlots.FULL) {
            return false;
        }
        if (!AeronTransport.writeSlotRecord(inbound, slot)) {
            inboundLarge.free(slot);
            return false;
        }
        undelivered = null;
        received.incrementRelease();
        bytesReceived.getAndAddRelease(message.length);
        return true;
    }

    /** A record of the inbound queue (sent to itself, or received before the receiver came), to the receiver. */
    private org.agrona.concurrent.ControlledMessageHandler.Action onQueuedInbound(final int type,
        final MutableDirectBuffer buffer, final int index, final int length) {
        if (type == AeronTransport.RECORD_LARGE) {
            final byte[] message = inboundLarge.take(buffer.getInt(index));
            if (message != null) {
                largeView.wrap(message);
                try {
                    if (!receiver.onMessage(largeView, 0, message.length)) {
                        // delivered later like a reassembled one; whatever follows waits for it
                        undelivered = message;
                    }
                } finally {
                    largeView.wrap(EMPTY);
                }
            }
            return undelivered == null ? org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE
                : org.agrona.concurrent.ControlledMessageHandler.Action.BREAK;
        }
        return receiver.onMessage(buffer, index, length) ? org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE
            : org.agrona.concurrent.ControlledMessageHandler.Action.ABORT;
    }

    /** Counts a dropped frame and warns (rate limited); the frame's bytes never reach the log. */
    private ControlledFragmentHandler.Action drop(final int kind, final String reason) {
        (kind == WARN_UNAUTHENTICATED ? unauthenticated : malformed).incrementRelease();
        warnings.warn(kind, reason, nowNs);
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void onImageLost(final Int2IntHashMap sessions, final Image image) {
        if (!running) {
            return;
        }
        final int memberId = sessions.remove(image.sessionId());
        if (memberId != -1) {
            reassembler.discard(memberId);
            LOG.info("member {} lost the image of member {} ({})", self.memberId(), memberId, image.sourceIdentity());
            membership.onImageLost(memberId, clock.nanoTime());
        }
    }

    @Override
    public String toString() {
        return roleName() + " peers " + new ArrayList<>(peers.keySet());
    }
}
