package io.grain.runtime.shard;

import io.grain.runtime.GrainReminders;
import io.grain.runtime.Remindable;
import io.grain.storage.Storage;
import io.grain.storage.StoredReminder;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link GrainReminders} of one activation: checks the arguments at once, writes through the
 * member's storage (on the provider's threads), tells the shard's {@link ShardReminders} what
 * storage confirmed, and completes the grain's futures on the activation's thread in the calling
 * code's chain.
 *
 * <p>Thread ownership: the activation's shard thread.
 */
final class ActivationReminders implements GrainReminders {
    /** Longest reminder name, in chars. */
    static final int MAX_NAME_LENGTH = 256;

    private final Activation activation;
    private final ShardAgent shard;

    ActivationReminders(final Activation activation) {
        this.activation = activation;
        this.shard = activation.shard;
    }

    @Override
    public CompletableFuture<Void> register(final String name, final Duration dueTime, final Duration period) {
        shard.checkThread("GrainReminders.register");
        checkName(name);
        Objects.requireNonNull(dueTime, "dueTime");
        Objects.requireNonNull(period, "period");
        if (dueTime.isNegative()) {
            throw new IllegalArgumentException("reminder '" + name + "' of " + activation.id + ": due time must not be negative: "
                + dueTime);
        }
        final long minimum = shard.member().config().reminderMinimumPeriodMillis();
        if (period.compareTo(Duration.ofMillis(minimum)) < 0) {
            throw new IllegalArgumentException("reminder '" + name + "' of " + activation.id + ": period " + period
                + " is shorter than the minimum " + Duration.ofMillis(minimum) + "; use a grain timer for frequent ticks"
                + " (the minimum is MemberConfig reminderMinimumPeriod)");
        }
        if (activation.registration.statelessWorkerMax() > 0) {
            throw new IllegalStateException(activation.id + " is a @StatelessWorker: it has many activations per key and"
                + " none is the grain a reminder would tick; register the reminder on an ordinary grain");
        }
        if (activation.grain == null) {
            throw new IllegalStateException("reminder '" + name + "' of " + activation.id + " was registered in the grain's"
                + " constructor; register reminders from onActivate or a grain method");
        }
        if (!(activation.grain instanceof Remindable)) {
            throw new IllegalStateException(activation.id + " registers reminder '" + name + "', but "
                + activation.grain.getClass().getName() + " does not implement io.grain.runtime.Remindable; implement"
                + " onReminder(String) to receive its ticks");
        }
        final Storage storage = shard.storage.requireStorage("GrainReminders.register");
        final StoredReminder stored = new StoredReminder(activation.id.kind(), Activation.stateKey(activation.id), name,
            Math.addExact(shard.now(), dueTime.toMillis()), period.toMillis(), StoredReminder.NO_TICK);
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final long chain = shard.context.chain();
        shard.storage.onShard(ShardStorage.call(() -> storage.upsertReminder(stored)), (ignored, error) -> {
            if (error == null) {
                shard.reminders.registered(activation.id, stored);
            }
            shard.storage.complete(activation, chain, result, null, error);
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> unregister(final String name) {
        shard.checkThread("GrainReminders.unregister");
        checkName(name);
        final Storage storage = shard.storage.requireStorage("GrainReminders.unregister");
        final ShardReminders.Reminder tombstone = shard.reminders.unregistering(activation.id, name);
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final long chain = shard.context.chain();
        shard.storage.onShard(ShardStorage.call(() -> storage.deleteReminder(activation.id.kind(), tombstone.storedKey, name)),
            (ignored, error) -> {
                shard.reminders.unregistered(tombstone);
                shard.storage.complete(activation, chain, result, null, error);
            });
        return result;
    }

    @Override
    public CompletableFuture<Set<String>> names() {
        shard.checkThread("GrainReminders.names");
        final Storage storage = shard.storage.requireStorage("GrainReminders.names");
        final CompletableFuture<Set<String>> result = new CompletableFuture<>();
        final long chain = shard.context.chain();
        shard.storage.onShard(ShardStorage.call(() -> storage.readReminders(activation.id.kind(), Activation.stateKey(activation.id))),
            (stored, error) -> {
                Set<String> names = null;
                if (error == null) {
                    final LinkedHashSet<String> set = new LinkedHashSet<>();
                    for (final Object r : (List<?>)stored) {
                        set.add(((StoredReminder)r).name());
                    }
                    names = Collections.unmodifiableSet(set);
                }
                shard.storage.complete(activation, chain, result, names, error);
            });
        return result;
    }

    private void checkName(final String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a reminder name must have 1 to " + MAX_NAME_LENGTH + " chars: '" + name + "'");
        }
    }
}
