package io.grain.runtime.shard;

import io.grain.runtime.GrainException;
import io.grain.runtime.GrainId;
import io.grain.runtime.GrainUnavailableException;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.dispatch.OutboundCall;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.storage.Storage;
import io.grain.storage.StoredReminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The reminders one shard ticks: those of the grains that live on this shard and that this member
 * owns under the shard's membership view (docs/REMINDERS.md). Each has one timer on the shard's
 * wheel at its next tick; a tick is a call of {@link ReminderTick} to the grain through the
 * normal call path (so it activates the grain and obeys the turn rules), and a tick the grain
 * answered is recorded in storage as delivered.
 *
 * <p>What the shard holds comes from two sources: the registrations and removals its own grains
 * make (applied when storage confirms them), and the snapshots of the member's periodic scan
 * ({@link ReminderScanner}, on shard 0). A snapshot is older than a local change that storage
 * confirmed at or after the scan began, so such an entry is left as it is; every other entry is
 * made to match the snapshot. A removal leaves a tombstone until a later scan, so a snapshot read
 * before the delete committed cannot bring the reminder back.
 *
 * <p>Thread ownership: the shard's thread. Storage I/O runs on the provider's threads; only
 * {@link #record} calls a storage operation from here, which returns at once.
 */
final class ShardReminders {
    /** The target of shard 0's periodic scan timer. */
    static final Object SCAN = new Object();

    private static final Logger LOG = LoggerFactory.getLogger(ShardReminders.class);
    private static final long NO_TIMER = -1;

    private final ShardAgent shard;
    private final MemberRuntime member;
    private final int memberId;
    private final HashMap<Key, Reminder> reminders = new HashMap<>();
    /** The member's scan; shard 0 only, else null. */
    private final ReminderScanner scanner;

    ShardReminders(final ShardAgent shard, final long now) {
        this.shard = shard;
        this.member = shard.member();
        this.memberId = member.memberId();
        if (shard.index() == 0 && member.config().storage() != null) {
            scanner = new ReminderScanner(shard);
            // the first scan as soon as the shard runs; a membership change asks for one too
            shard.timers.schedule(now, SCAN);
        } else {
            scanner = null;
        }
    }

    /** How many reminders this shard ticks now (tombstones not counted). */
    int count() {
        int count = 0;
        for (final Reminder r : reminders.values()) {
            if (!r.removed) {
                count++;
            }
        }
        return count;
    }

    // ---- timers ----------------------------------------------------------------------------------

    /** A timer of {@link #SCAN} or of a {@link Reminder} expired. */
    void onTimer(final Object target) {
        if (target == SCAN) {
            scanner.request();
            shard.timers.schedule(shard.now() + member.config().reminderScanIntervalMillis(), SCAN);
        } else {
            fire((Reminder)target);
        }
    }

    private void fire(final Reminder r) {
        r.timerId = NO_TIMER;
        if (r.removed || reminders.get(r.key) != r || member.state() != MemberRuntime.RUNNING) {
            return;
        }
        final long now = shard.now();
        final long tick = r.nextTick;
        // the next grid point after now: ticks the shard was too late for are not fired in a burst
        r.nextTick = gridPointAfter(r.startMillis, r.periodMillis, Math.max(tick, now));
        schedule(r);
        deliver(r, tick);
    }

    private void deliver(final Reminder r, final long tick) {
        final OutboundCall call = member.invoker().begin(r.key.id, ReminderTick.METHOD);
        ReminderTick.writeName(call.arguments(), r.key.name);
        call.request(ReminderTick.REPLY).whenComplete((ignored, error) -> delivered(r, tick, error));
    }

    /** The tick's call ended (on this shard, or at once when it could not be sent). */
    private void delivered(final Reminder r, final long tick, final Throwable error) {
        final Throwable cause = error == null ? null : InboundCalls.unwrap(error);
        final int index = shard.index();
        if (cause == null || (cause instanceof GrainException && !(cause instanceof GrainUnavailableException))) {
            // the grain answered: the tick was delivered, even when onReminder failed
            shard.counters().increment(index, MemberCounters.REMINDER_TICKS);
            if (cause != null) {
                shard.counters().increment(index, MemberCounters.REMINDER_FAILURES);
                LOG.warn("onReminder(\"{}\") of {} failed; the reminder keeps ticking: {}", r.key.name, r.key.id, cause.getMessage());
            }
            record(r, tick);
        } else {
            // not delivered: not recorded, so the next owner that loads it fires it once more
            shard.counters().increment(index, MemberCounters.REMINDER_FAILURES);
            LOG.warn("tick {} of reminder '{}' of {} was not delivered: {}", tick, r.key.name, r.key.id, cause.toString());
        }
    }

    /** Stores {@code tick} as the last delivered tick, if the stored reminder is still {@code r}'s registration. */
    private void record(final Reminder r, final long tick) {
        if (tick > r.lastTickMillis || r.lastTickMillis == StoredReminder.NO_TICK) {
            r.lastTickMillis = tick;
        }
        final Storage storage = shard.storage.storage();
        ShardStorage.call(() -> storage.recordReminderTick(r.key.id.kind(), r.storedKey, r.key.name, r.startMillis,
            r.periodMillis, tick)).whenComplete((recorded, error) -> {
                if (error != null) {
                    LOG.warn("could not record tick {} of reminder '{}' of {}; it may fire again after a failover: {}", tick,
                        r.key.name, r.key.id, InboundCalls.unwrap(error).toString());
                }
            });
    }

    private void schedule(final Reminder r) {
        r.timerId = shard.timers.schedule(Math.max(r.nextTick, shard.now()), r);
    }

    private void cancel(final Reminder r) {
        if (r.timerId != NO_TIMER) {
            shard.timers.cancel(r.timerId);
            r.timerId = NO_TIMER;
        }
    }

    // ---- changes made by this shard's grains -----------------------------------------------------

    /** Storage confirmed that a grain of this shard registered {@code stored}. */
    void registered(final GrainId id, final StoredReminder stored) {
        if (!owns(id)) {
            return; // its owner's scan finds it
        }
        final Key key = new Key(id, stored.name());
        final Reminder existing = reminders.get(key);
        if (existing != null && !existing.removed && existing.sameRegistration(stored)) {
            existing.settledAt = shard.now();
            return;
        }
        replace(existing, key, stored).settledAt = shard.now();
    }

    /** A grain of this shard asked to remove a reminder: it stops ticking now; returns the tombstone to settle. */
    Reminder unregistering(final GrainId id, final String name) {
        final Key key = new Key(id, name);
        Reminder r = reminders.get(key);
        if (r == null) {
            r = new Reminder(key, Activation.stateKey(id), 0, 1, StoredReminder.NO_TICK);
            reminders.put(key, r);
        }
        cancel(r);
        r.removed = true;
        r.pendingDeletes++;
        return r;
    }

    /** The delete of {@code tombstone} completed (or failed: a later scan restores a reminder storage still has). */
    void unregistered(final Reminder tombstone) {
        if (reminders.get(tombstone.key) == tombstone) {
            tombstone.pendingDeletes--;
            tombstone.settledAt = shard.now();
        }
    }

    // ---- membership and scans --------------------------------------------------------------------

    /** The shard saw a new membership view: drops what it no longer owns; shard 0 rescans. */
    void onViewChange() {
        final ArrayList<Key> gone = new ArrayList<>();
        for (final Reminder r : reminders.values()) {
            if (!owns(r.key.id)) {
                gone.add(r.key);
            }
        }
        for (final Key key : gone) {
            cancel(reminders.remove(key));
        }
        if (scanner != null) {
            scanner.request();
        }
    }

    /**
     * A snapshot of the reminders of this shard's grains that this member owned when the scan read
     * them, from a scan that began at {@code scanStart}.
     */
    void apply(final long scanStart, final List<ReminderScanner.Loaded> snapshot) {
        final HashSet<Key> seen = new HashSet<>();
        for (int i = 0; i < snapshot.size(); i++) {
            final ReminderScanner.Loaded loaded = snapshot.get(i);
            if (!owns(loaded.id())) {
                continue;
            }
            final StoredReminder stored = loaded.stored();
            final Key key = new Key(loaded.id(), stored.name());
            seen.add(key);
            final Reminder local = reminders.get(key);
            if (local == null) {
                replace(null, key, stored);
            } else if (!local.newerThan(scanStart)
                && (local.removed || !local.sameRegistration(stored))) {
                replace(local, key, stored);
            }
        }
        final ArrayList<Key> gone = new ArrayList<>();
        for (final Reminder r : reminders.values()) {
            if (!seen.contains(r.key) && !r.newerThan(scanStart)) {
                gone.add(r.key);
            }
        }
        for (final Key key : gone) {
            cancel(reminders.remove(key));
        }
    }

    /** Puts a reminder loaded from storage (or just registered) in place of {@code previous} and schedules its next tick. */
    private Reminder replace(final Reminder previous, final Key key, final StoredReminder stored) {
        if (previous != null) {
            cancel(previous);
        }
        final Reminder r = new Reminder(key, stored.key(), stored.startMillis(), stored.periodMillis(), stored.lastTickMillis());
        reminders.put(key, r);
        r.nextTick = firstTick(r, shard.now());
        schedule(r);
        return r;
    }

    /**
     * The tick to fire first for a reminder loaded at {@code now}: its first due time if that is
     * ahead; else the latest grid point at or before now if no tick at or after it was recorded
     * (one tick for everything missed while no member ticked it, fired at once); else the next
     * grid point.
     */
    static long firstTick(final Reminder r, final long now) {
        if (now < r.startMillis) {
            return r.startMillis;
        }
        final long due = r.startMillis + (now - r.startMillis) / r.periodMillis * r.periodMillis;
        if (r.lastTickMillis == StoredReminder.NO_TICK || r.lastTickMillis < due) {
            return due;
        }
        return due + r.periodMillis;
    }

    /** The first grid point {@code start + k * period} after {@code t}. */
    static long gridPointAfter(final long start, final long period, final long t) {
        if (t < start) {
            return start;
        }
        return start + ((t - start) / period + 1) * period;
    }

    private boolean owns(final GrainId id) {
        return RendezvousPlacement.owner(id, shard.view()) == memberId;
    }

    /** A reminder by grain and name. */
    record Key(GrainId id, String name) {
        Key {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** One reminder this shard ticks, or the tombstone of one a grain of this shard removed. */
    static final class Reminder {
        final Key key;
        /** The grain's key as storage keeps it ({@code s:alice}). */
        final String storedKey;
        final long startMillis;
        final long periodMillis;
        long lastTickMillis;
        /** The grid point of the next tick. */
        long nextTick;
        long timerId = NO_TIMER;
        boolean removed;
        /** Deletes of this tombstone that storage has not confirmed yet. */
        int pendingDeletes;
        /** When storage last confirmed a change this shard made to it; {@link Long#MIN_VALUE}: never (loaded by a scan). */
        long settledAt = Long.MIN_VALUE;

        Reminder(final Key key, final String storedKey, final long startMillis, final long periodMillis,
            final long lastTickMillis) {
            this.key = key;
            this.storedKey = storedKey;
            this.startMillis = startMillis;
            this.periodMillis = periodMillis;
            this.lastTickMillis = lastTickMillis;
        }

        boolean sameRegistration(final StoredReminder stored) {
            return startMillis == stored.startMillis() && periodMillis == stored.periodMillis();
        }

        /** Whether a change of this shard is newer than what a scan that began at {@code scanStart} read. */
        boolean newerThan(final long scanStart) {
            return pendingDeletes > 0 || settledAt >= scanStart;
        }

        @Override
        public String toString() {
            return "Reminder{" + key.id + "/" + key.name + ", next=" + nextTick + (removed ? ", removed" : "") + "}";
        }
    }
}
