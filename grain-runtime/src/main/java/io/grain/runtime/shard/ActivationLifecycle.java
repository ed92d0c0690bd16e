package io.grain.runtime.shard;

import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.envelope.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

/**
 * Activation and deactivation on a shard: the registered factory, the load of the states it
 * declared ({@link ShardStorage}) and {@code onActivate} when a grain's first call arrives (a
 * failure of any of them fails the waiting calls and forgets the activation, so the next call
 * tries again); on deactivation its timers are cancelled, {@code onDeactivate} runs, the
 * activation is forgotten, and calls that arrived meanwhile are replayed onto a new one. Hooks
 * that complete on another thread come back through the shard's queue.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class ActivationLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationLifecycle.class);

    private final ShardAgent shard;

    ActivationLifecycle(final ShardAgent shard) {
        this.shard = shard;
    }

    /**
     * Creates the grain of {@code a}, loads the states it declared in its constructor, then runs its
     * {@code onActivate}; its queued calls start after.
     */
    void activate(final Activation a) {
        a.lastActive = shard.now();
        final long start = shard.context.enter(a, shard.context.nextChain());
        Throwable failure = null;
        a.constructing = true;
        try {
            final Object grain = a.registration.factory().apply(a);
            if (grain == null) {
                throw new NullPointerException("the factory of grain kind '" + a.registration.kind() + "' returned null");
            }
            a.grain = grain;
        } catch (final Throwable t) {
            failure = t;
        } finally {
            a.constructing = false;
            shard.context.leave(a, "constructor", start);
        }
        if (failure != null) {
            activated(a, failure);
        } else if (a.states != null) {
            shard.storage.load(a);
        } else {
            runOnActivate(a);
        }
    }

    /** Every declared state of {@code a} is loaded ({@code failure} null) or one could not be. */
    void statesLoaded(final Activation a, final Throwable failure) {
        if (failure != null) {
            activated(a, failure);
        } else {
            runOnActivate(a);
        }
    }

    private void runOnActivate(final Activation a) {
        if (!(a.grain instanceof GrainLifecycle)) {
            activated(a, null);
            return;
        }
        final long start = shard.context.enter(a, shard.context.nextChain());
        CompletionStage<Void> hook = null;
        Throwable failure = null;
        try {
            hook = ((GrainLifecycle)a.grain).onActivate();
            if (hook == null) {
                throw new NullPointerException(a.grain.getClass().getName() + ".onActivate() returned null");
            }
        } catch (final Throwable t) {
            failure = t;
        } finally {
            shard.context.leave(a, "onActivate", start);
        }
        if (failure != null) {
            activated(a, failure);
        } else {
            hook.whenComplete((ignored, error) -> hookDone(a, error, true));
        }
    }

    private void hookDone(final Activation a, final Throwable error, final boolean activation) {
        if (shard.runsHere()) {
            if (activation) {
                activated(a, error);
            } else {
                deactivated(a, error);
            }
        } else {
            shard.offerTask(s -> hookDone(a, error, activation));
        }
    }

    private void activated(final Activation a, final Throwable failure) {
        if (failure == null) {
            a.state = Activation.ACTIVE;
            if (a.workerSet == null) {
                shard.failures.succeeded(a.id);
            }
            shard.inbound.pump(a);
            if (a.running == 0 && a.deactivateRequested) {
                deactivate(a);
            }
            return;
        }
        final Throwable cause = InboundCalls.unwrap(failure);
        LOG.warn("activation of {} failed", a.id, cause);
        if (a.workerSet == null) {
            shard.failures.failed(a.id, a.registration, cause);
        } else {
            shard.counters().increment(shard.index(), MemberCounters.ACTIVATION_FAILURES);
        }
        a.state = Activation.INVALID;
        shard.activations.remove(a);
        Envelope call;
        while ((call = a.dequeue()) != null) {
            shard.inbound.replyError(call, cause);
        }
    }

    /** Deactivates {@code a} now if it is active and runs no turn. */
    void deactivateWhenIdle(final Activation a) {
        if (a.state == Activation.ACTIVE && a.running == 0) {
            deactivate(a);
        }
    }

    /** Cancels the timers of {@code a}, runs its {@code onDeactivate}, then forgets it. */
    void deactivate(final Activation a) {
        if (a.state != Activation.ACTIVE) {
            return;
        }
        a.state = Activation.DEACTIVATING;
        shard.timers.cancelAll(a);
        CompletionStage<Void> hook = null;
        if (a.grain instanceof GrainLifecycle) {
            final long start = shard.context.enter(a, shard.context.nextChain());
            try {
                hook = ((GrainLifecycle)a.grain).onDeactivate();
            } catch (final Throwable t) {
                LOG.warn("onDeactivate of {} failed", a.id, t);
            } finally {
                shard.context.leave(a, "onDeactivate", start);
            }
        }
        if (hook == null) {
            deactivated(a, null);
        } else {
            hook.whenComplete((ignored, error) -> hookDone(a, error, false));
        }
    }

    private void deactivated(final Activation a, final Throwable error) {
        if (error != null) {
            LOG.warn("onDeactivate of {} failed", a.id, InboundCalls.unwrap(error));
        }
        if (a.state == Activation.INVALID) {
            return;
        }
        a.state = Activation.INVALID;
        shard.activations.remove(a);
        Envelope call;
        while ((call = a.dequeue()) != null) {
            shard.inbound.onRequest(call);
        }
    }

    /** Forgets {@code a} without its hooks (a close that gave up waiting). */
    void abandon(final Activation a) {
        a.state = Activation.INVALID;
        shard.activations.remove(a);
    }
}
