package io.grain.runtime.topic;

import io.grain.runtime.member.MemberConfig;

import java.time.Duration;

/**
 * Registers the topic grains on a member: the topic ({@value TopicOwnerDispatcher#KIND}) and the
 * per-member inbox ({@value TopicInboxDispatcher#KIND}). A topic activation is kept for
 * {@link #TOPIC_COLLECTION_AGE} idle, so that a member without storage keeps its subscribers as
 * long as the topic's member lives; with storage it reloads them wherever it activates.
 */
public final class TopicKinds {
    /** How long a topic's activation stays idle before it is collected. */
    public static final Duration TOPIC_COLLECTION_AGE = Duration.ofDays(365);

    private TopicKinds() {
    }

    /** Adds both kinds to a member's settings. */
    public static void registerOn(final MemberConfig.HostSettings<?> settings) {
        settings.registerService(TopicOwnerDispatcher.INSTANCE, TopicOwnerGrain::new, TOPIC_COLLECTION_AGE);
        settings.registerService(TopicInboxDispatcher.INSTANCE, TopicInboxGrain::new, null);
    }
}
