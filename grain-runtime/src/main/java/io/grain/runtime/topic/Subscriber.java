package io.grain.runtime.topic;

import io.grain.runtime.GrainId;

import java.util.UUID;

/**
 * One subscriber of a topic, and its text form as the topic keeps and stores it: a grain's one-way
 * method, {@code g:<method id, 8 hex>:<kind length>:<kind><typed key>} (typed key as in storage:
 * {@code s:alice}, {@code l:42}, {@code u:<uuid>}), or an outside consumer,
 * {@code c:<member id>:<member's topics incarnation, hex>:<consumer id>}.
 *
 * <p>Thread ownership: immutable, any thread.
 */
final class Subscriber {
    /** Longest subscriber text accepted (the grain's key is most of it). */
    static final int MAX_LENGTH = 1024;

    final String text;
    /** The grain, or null for an outside consumer. */
    final GrainId grain;
    final int methodId;
    /** The member an outside consumer lives on; -1 for a grain. */
    final int member;

    private Subscriber(final String text, final GrainId grain, final int methodId, final int member) {
        this.text = text;
        this.grain = grain;
        this.methodId = methodId;
        this.member = member;
    }

    boolean isGrain() {
        return grain != null;
    }

    static Subscriber grain(final GrainId id, final int methodId) {
        final String text = "g:" + String.format("%08x", methodId) + ":" + id.kind().length() + ":" + id.kind() + typedKey(id);
        return new Subscriber(text, id, methodId, -1);
    }

    static Subscriber consumer(final int member, final long incarnation, final long consumerId) {
        return new Subscriber("c:" + member + ":" + Long.toHexString(incarnation) + ":" + consumerId, null, 0, member);
    }

    /**
     * The subscriber of {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not a subscriber's text.
     */
    static Subscriber parse(final String text) {
        if (text == null || text.length() > MAX_LENGTH || text.length() < 4 || text.charAt(1) != ':') {
            throw new IllegalArgumentException("not a topic subscriber: " + text);
        }
        try {
            if (text.charAt(0) == 'g') {
                final int methodId = (int)Long.parseLong(text.substring(2, 10), 16);
                final int lengthEnd = text.indexOf(':', 11);
                final int kindLength = Integer.parseInt(text.substring(11, lengthEnd));
                final String kind = text.substring(lengthEnd + 1, lengthEnd + 1 + kindLength);
                final GrainId id = grainId(kind, text.substring(lengthEnd + 1 + kindLength));
                return new Subscriber(text, id, methodId, -1);
            }
            if (text.charAt(0) == 'c') {
                final int memberEnd = text.indexOf(':', 2);
                return new Subscriber(text, null, 0, Integer.parseInt(text.substring(2, memberEnd)));
            }
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException("not a topic subscriber: " + text, e);
        }
        throw new IllegalArgumentException("not a topic subscriber: " + text);
    }

    private static String typedKey(final GrainId id) {
        switch (id.keyType()) {
            case STRING: return "s:" + id.stringKey();
            case LONG: return "l:" + id.longKey();
            default: return "u:" + id.uuidKey();
        }
    }

    private static GrainId grainId(final String kind, final String key) {
        final String value = key.substring(2);
        switch (key.charAt(0)) {
            case 's': return GrainId.of(kind, value);
            case 'l': return GrainId.of(kind, Long.parseLong(value));
            case 'u': return GrainId.of(kind, UUID.fromString(value));
            default: throw new IllegalArgumentException("unknown key type in " + key);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
