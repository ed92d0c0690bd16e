package io.grain.runtime.topic;

import io.grain.runtime.GrainContext;
import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.shard.MemberRuntime;
import io.grain.runtime.wire.ProtoReader;
import io.grain.runtime.wire.WireFormatException;
import io.grain.runtime.wire.WireType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The inbox of one topic on one member: hands each batch to the member's outside consumers of the
 * topic (each on its own serial queue on the callback executor) and sends each message to the grain
 * subscribers the batch names as a one-way call of their method. Both keep the batch's order, and
 * batches arrive one at a time from the topic grain, so each subscriber sees one publisher's
 * messages in publish order.
 *
 * <p>Thread ownership: the activation's thread.
 */
final class TopicInboxGrain implements TopicInbox {
    private static final Logger LOG = LoggerFactory.getLogger(TopicInboxGrain.class);
    private static final int MESSAGE_TAG = WireType.tag(TopicInboxDispatcher.MESSAGE_FIELD, WireType.LENGTH_DELIMITED);
    private static final int GRAIN_TAG = WireType.tag(TopicInboxDispatcher.GRAIN_SUBSCRIBER_FIELD, WireType.LENGTH_DELIMITED);

    private final Topics topics;
    private final MemberRuntime member;
    private final String topic;
    private final Map<String, Subscriber> parsed = new HashMap<>();
    private final ProtoReader reader = new ProtoReader();
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];

    TopicInboxGrain(final GrainContext context) {
        this.topics = Topics.of(context);
        this.member = topics.member();
        this.topic = context.id().stringKey();
    }

    @Override
    public CompletableFuture<Void> deliver(final byte[] batch) {
        reader.wrap(batch, 0, batch.length);
        int count = 0;
        int tag;
        int grainsStart = -1;
        while ((tag = reader.readTag()) != 0) {
            if (tag == MESSAGE_TAG) {
                final int length = reader.readLength();
                if (count == offsets.length) {
                    offsets = java.util.Arrays.copyOf(offsets, count * 2);
                    lengths = java.util.Arrays.copyOf(lengths, count * 2);
                }
                offsets[count] = reader.position();
                lengths[count] = length;
                count++;
                reader.skip(length);
            } else if (tag == GRAIN_TAG) {
                if (grainsStart < 0) {
                    grainsStart = count;
                }
                sendToGrain(reader.readString(), batch, count);
            } else {
                reader.skipField(tag);
            }
        }
        if (grainsStart >= 0 && grainsStart != count) {
            throw new WireFormatException("a topic batch names grain subscribers before all of its messages");
        }
        topics.countBatch();
        final List<LocalConsumer<?>> consumers = topics.consumers(topic);
        for (int i = 0; i < consumers.size(); i++) {
            consumers.get(i).offer(batch, offsets, lengths, count);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Sends each of the first {@code count} messages to one grain subscriber, as one-way calls in order. */
    private void sendToGrain(final String text, final byte[] batch, final int count) {
        Subscriber s = parsed.get(text);
        if (s == null) {
            s = Subscriber.parse(text);
            parsed.put(text, s);
        }
        final KindRegistration kind = member.config().kinds().get(s.grain.kind());
        final GrainMethod method = kind == null ? null : kind.dispatcher().method(s.methodId);
        if (method == null) {
            LOG.warn("topic '{}': member {} does not host {} or its method {}; its messages are dropped", topic,
                member.memberId(), s.grain.kind(), Integer.toHexString(s.methodId));
            return;
        }
        for (int i = 0; i < count; i++) {
            final OutboundCall call = member.invoker().begin(s.grain, method);
            call.encodeArguments();
            // the method's only argument, the message, is field 1 of its request, as written by the publisher
            call.arguments().writeBytes(1, batch, offsets[i], lengths[i]);
            call.send();
        }
    }
}
