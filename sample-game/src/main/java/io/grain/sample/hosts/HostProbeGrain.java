package io.grain.sample.hosts;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link HostProbe} activation. It logs one line when it starts and one when it ends (moved to
 * another member, collected, or its member closing; a crash ends it without a line), in the form
 * {@code PROBE ACTIVATED key=<key> member=<id> incarnation=<n> activation=<serial>} (and
 * {@code PROBE DEACTIVATED ...}), which {@link HostsDrill} reads from the member's output.
 * Runs on its activation's thread, like any grain.
 */
public final class HostProbeGrain implements HostProbe, GrainLifecycle {
    /** The first word of the lines this grain logs. */
    public static final String MARKER = "PROBE ";
    private static final Logger LOG = LoggerFactory.getLogger(HostProbeGrain.class);
    /** Numbers the activations of this process, so the drill tells a new activation from an old one. */
    private static final AtomicLong ACTIVATIONS = new AtomicLong();

    private final String key;
    private final ProbeAnswer answer;

    /**
     * @param incarnation the hosting member's current incarnation (it changes when the member
     *                    learns it was declared dead and rejoins)
     */
    public HostProbeGrain(final GrainContext context, final int memberId, final LongSupplier incarnation) {
        this.key = context.id().stringKey();
        this.answer = new ProbeAnswer(memberId, incarnation.getAsLong(), ACTIVATIONS.incrementAndGet());
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        LOG.info("{}", line("ACTIVATED"));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onDeactivate() {
        LOG.info("{}", line("DEACTIVATED"));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<ProbeAnswer> where() {
        return CompletableFuture.completedFuture(answer);
    }

    private String line(final String event) {
        return MARKER + event + " key=" + key + " member=" + answer.member() + " incarnation=" + answer.incarnation()
            + " activation=" + answer.activation();
    }
}
