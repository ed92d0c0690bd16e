package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.placement.RendezvousPlacement;
import io.grain.storage.Storage;
import io.grain.storage.StoredReminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The member's reminder scan, run by shard 0: reads every stored reminder page by page (the next
 * page asked for when the previous one is back on the shard), keeps those whose grain this member
 * owns under shard 0's view, and hands each shard a snapshot of its own grains' reminders
 * ({@link ShardReminders#apply}). Rendezvous placement has no hash ranges to ask the database
 * for, so each member reads every row and keeps about 1/n of them. A scan asked for while one runs
 * starts again when it ends, so the last membership change is always scanned after.
 *
 * <p>Thread ownership: shard 0's thread; the pages arrive through its queue.
 */
final class ReminderScanner {
    /** Reminders read per page. */
    static final int PAGE_SIZE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ReminderScanner.class);

    /** A stored reminder and the grain it belongs to. */
    record Loaded(GrainId id, StoredReminder stored) {
    }

    private final ShardAgent shard;
    private final MemberRuntime member;
    private final Storage storage;
    private boolean scanning;
    private boolean again;
    private boolean unsupportedLogged;
    private long scanStart;
    private List<List<Loaded>> snapshots;

    ReminderScanner(final ShardAgent shard) {
        this.shard = shard;
        this.member = shard.member();
        this.storage = member.config().storage();
    }

    /** Scans now, or once the running scan ends. */
    void request() {
        if (scanning) {
            again = true;
        } else {
            begin();
        }
    }

    private void begin() {
        if (member.state() != MemberRuntime.RUNNING) {
            return;
        }
        scanning = true;
        scanStart = shard.now();
        final int shards = member.shards().length;
        snapshots = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            snapshots.add(new ArrayList<>());
        }
        fetch(null);
    }

    private void fetch(final StoredReminder after) {
        shard.storage.onShard(ShardStorage.call(() -> storage.scanReminders(after, PAGE_SIZE)),
            (page, error) -> onPage(page, error));
    }

    @SuppressWarnings("unchecked")
    private void onPage(final Object result, final Throwable error) {
        if (error != null) {
            failed(error);
            return;
        }
        final List<StoredReminder> page = (List<StoredReminder>)result;
        final int memberId = member.memberId();
        final int shards = snapshots.size();
        for (int i = 0; i < page.size(); i++) {
            final StoredReminder stored = page.get(i);
            if (!member.config().kinds().containsKey(stored.kind())) {
                continue; // a kind this member does not host: not ours to tick
            }
            final GrainId id = grainId(stored.kind(), stored.key());
            if (id == null) {
                LOG.warn("stored reminder {} has a grain key that is none of s:, l:, u:; it is skipped", stored);
                continue;
            }
            if (RendezvousPlacement.owner(id, shard.view()) == memberId && !member.isWorkerKind(id.kind())) {
                snapshots.get(RendezvousPlacement.shard(id, shards)).add(new Loaded(id, stored));
            }
        }
        if (page.size() == PAGE_SIZE) {
            fetch(page.get(page.size() - 1));
        } else {
            finish();
        }
    }

    private void finish() {
        final long start = scanStart;
        final List<List<Loaded>> done = snapshots;
        snapshots = null;
        scanning = false;
        for (int i = 0; i < done.size(); i++) {
            final List<Loaded> snapshot = done.get(i);
            shard.deliver(member.shard(i), (ShardTask)s -> s.reminders.apply(start, snapshot));
        }
        if (again) {
            again = false;
            begin();
        }
    }

    private void failed(final Throwable error) {
        snapshots = null;
        scanning = false;
        if (error instanceof UnsupportedOperationException) {
            if (!unsupportedLogged) {
                unsupportedLogged = true;
                LOG.warn("member {}: reminders will not tick: {}", member.memberId(), error.getMessage());
            }
            return;
        }
        LOG.warn("member {}: the reminder scan failed; the next scan tries again: {}", member.memberId(), error.toString());
        if (again) {
            again = false;
            begin();
        }
    }

    /** The grain of a stored key ({@code s:alice}, {@code l:42}, {@code u:<uuid>}), or null when it is none of them. */
    static GrainId grainId(final String kind, final String key) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            return null;
        }
        final String value = key.substring(2);
        try {
            switch (key.charAt(0)) {
                case 's': return GrainId.of(kind, value);
                case 'l': return GrainId.of(kind, Long.parseLong(value));
                case 'u': return GrainId.of(kind, UUID.fromString(value));
                default: return null;
            }
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
