package io.grain.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link Storage} in memory, for tests and single-process experiments: real semantics (etags
 * that change with every write, conditional writes and clears, insert conflicts, rows in subkey
 * order) and fault injection a test can use deterministically.
 *
 * <p>Operations complete at once, on the calling thread, since nothing here blocks; a test that
 * wants to see a call waiting on slow storage {@linkplain #hold holds} a kind of operation and
 * {@linkplain Gate#open() opens} the gate later (or lets them through one at a time with
 * {@link Gate#runNext()}), and a test that wants a failure asks for the
 * {@linkplain #failNext next ones} to fail. Payloads are copied in and out, so what a caller does
 * with its arrays never changes what is stored.
 *
 * <pre>{@code
 * InMemoryStorage storage = new InMemoryStorage();
 * storage.failNext(InMemoryStorage.Operation.READ_STATE, 1, () -> new StorageException("database down"));
 * InMemoryStorage.Gate writes = storage.hold(InMemoryStorage.Operation.WRITE_STATE);
 * ...                       // a grain's write() now waits; writes.waiting() tells how many do
 * writes.open();            // they run, in order, on this thread
 * }</pre>
 *
 * <p>Subkey order in {@link #query}: numbers numerically, strings by code point (as UTF-8 bytes
 * compare), UUIDs as unsigned 128-bit numbers (as their bytes compare).
 *
 * <p>Thread safety: thread safe; every operation and every test hook may be called from any
 * thread. {@link #close()} makes later operations fail with {@link StorageException}.
 */
public final class InMemoryStorage implements Storage {
    /** The kinds of operation a test can fail or hold. */
    public enum Operation {
        /** {@link Storage#readState}. */
        READ_STATE,
        /** {@link Storage#writeState}. */
        WRITE_STATE,
        /** {@link Storage#clearState}. */
        CLEAR_STATE,
        /** Every record operation: upsert, insert, get, query, delete. */
        RECORD,
        /** Every reminder operation: upsert, delete, record a tick, read, scan. */
        REMINDER,
        /** Every topic subscription operation: upsert, delete, read. */
        SUBSCRIPTION
    }

    /** Subkeys in the order {@link #query} returns them; {@code null} (no subkey) first. */
    private static final Comparator<Object> SUBKEY_ORDER = Comparator.nullsFirst(InMemoryStorage::compareKeys);

    private final Map<StateKey, StoredState> states = new HashMap<>();
    private final Map<String, Map<Object, TreeMap<Object, byte[]>>> tables = new HashMap<>();
    /** The stored type that first used each table name: its keys are the table's. */
    private final Map<String, StoredType<?>> tableTypes = new HashMap<>();
    /** Reminders by kind, key and name, each compared by code point (as SQLite compares text). */
    private final TreeMap<String[], StoredReminder> reminders = new TreeMap<>(InMemoryStorage::compareReminderKeys);
    private final TreeMap<String, TreeSet<String>> subscriptions = new TreeMap<>(InMemoryStorage::compareCodePoints);
    private final EnumMap<Operation, Failures> failures = new EnumMap<>(Operation.class);
    private final EnumMap<Operation, Gate> gates = new EnumMap<>(Operation.class);
    private long versions;
    private boolean closed;

    // ---- test hooks ------------------------------------------------------------------------------

    /**
     * Fails the next {@code count} operations of {@code operation} with a new exception from
     * {@code failure} each (their futures fail; nothing is stored). Replaces an earlier request for
     * the same operation.
     */
    public synchronized void failNext(final Operation operation, final int count, final Supplier<? extends RuntimeException> failure) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(failure, "failure");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        failures.put(operation, new Failures(count, failure));
    }

    /**
     * Holds every operation of {@code operation} from now on in the returned gate, until the test
     * {@linkplain Gate#open() opens} it. One gate per operation at a time.
     *
     * @throws IllegalStateException when a gate of {@code operation} is still closed.
     */
    public synchronized Gate hold(final Operation operation) {
        Objects.requireNonNull(operation, "operation");
        if (gates.containsKey(operation)) {
            throw new IllegalStateException("operations of " + operation + " are held already; open that gate first");
        }
        final Gate gate = new Gate(operation);
        gates.put(operation, gate);
        return gate;
    }

    /** How many grain states are stored now. */
    public synchronized int stateCount() {
        return states.size();
    }

    // ---- Storage ---------------------------------------------------------------------------------

    @Override
    public CompletableFuture<StoredState> readState(final StateKey key) {
        Objects.requireNonNull(key, "key");
        return run(Operation.READ_STATE, () -> {
            final StoredState s = states.get(key);
            return s == null ? null : new StoredState(s.payload().clone(), s.etag());
        });
    }

    @Override
    public CompletableFuture<String> writeState(final StateKey key, final byte[] payload, final String etag) {
        Objects.requireNonNull(key, "key");
        final byte[] copy = payload.clone();
        return run(Operation.WRITE_STATE, () -> {
            checkVersion(key, etag, "write");
            final String next = Long.toString(++versions);
            states.put(key, new StoredState(copy, next));
            return next;
        });
    }

    @Override
    public CompletableFuture<Void> clearState(final StateKey key, final String etag) {
        Objects.requireNonNull(key, "key");
        return run(Operation.CLEAR_STATE, () -> {
            checkVersion(key, etag, "clear");
            states.remove(key);
            return null;
        });
    }

    private void checkVersion(final StateKey key, final String etag, final String what) {
        final StoredState stored = states.get(key);
        final String current = stored == null ? null : stored.etag();
        if (!Objects.equals(current, etag)) {
            throw new StateConflictException("cannot " + what + " state " + key + " at version " + etag + ": version "
                + current + " is stored; another activation wrote it");
        }
    }

    @Override
    public CompletableFuture<Void> upsert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
        final byte[] copy = payload.clone();
        return run(Operation.RECORD, () -> {
            checkKeys(table, key, subkey);
            rows(table, key, true).put(subkey, copy);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> insert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
        final byte[] copy = payload.clone();
        return run(Operation.RECORD, () -> {
            checkKeys(table, key, subkey);
            final TreeMap<Object, byte[]> rows = rows(table, key, true);
            if (rows.containsKey(subkey)) {
                throw new DuplicateRecordException("table '" + table.table() + "' has a row with key " + key
                    + (subkey == null ? "" : " and subkey " + subkey) + " already");
            }
            rows.put(subkey, copy);
            return null;
        });
    }

    @Override
    public CompletableFuture<byte[]> get(final StoredType<?> table, final Object key, final Object subkey) {
        return run(Operation.RECORD, () -> {
            checkKeys(table, key, subkey);
            final TreeMap<Object, byte[]> rows = rows(table, key, false);
            final byte[] row = rows == null ? null : rows.get(subkey);
            return row == null ? null : row.clone();
        });
    }

    @Override
    public CompletableFuture<List<byte[]>> query(final StoredType<?> table, final Object key) {
        return run(Operation.RECORD, () -> {
            checkKeys(table, key, null);
            final TreeMap<Object, byte[]> rows = rows(table, key, false);
            final List<byte[]> result = new ArrayList<>(rows == null ? 0 : rows.size());
            if (rows != null) {
                for (final byte[] row : rows.values()) {
                    result.add(row.clone());
                }
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<Integer> delete(final StoredType<?> table, final Object key, final Object subkey) {
        return run(Operation.RECORD, () -> {
            checkKeys(table, key, subkey);
            final TreeMap<Object, byte[]> rows = rows(table, key, false);
            if (rows == null) {
                return 0;
            }
            final int count;
            if (subkey == null) {
                count = rows.size();
                rows.clear();
            } else {
                count = rows.remove(subkey) != null ? 1 : 0;
            }
            if (rows.isEmpty()) {
                tables.get(table.table()).remove(key);
            }
            return count;
        });
    }

    /**
     * Refuses keys of another type than the table's, as a database with typed key columns does, and
     * a record whose keys differ from those of the first record that used the table's name, as
     * JdbcStorage does (one table cannot hold both).
     */
    private void checkKeys(final StoredType<?> table, final Object key, final Object subkey) {
        final StoredType<?> first = tableTypes.putIfAbsent(table.table(), table);
        if (first != null && first != table && !sameKeys(first, table)) {
            throw new StorageException("table '" + table.table() + "' is used by two @Stored records with different keys: "
                + recordName(table) + " (" + table.keyName() + " " + table.keyKind() + ", " + table.subkeyName() + " "
                + table.subkeyKind() + ") does not fit the table as " + recordName(first) + " first used it; give one of"
                + " them another table name");
        }
        checkKey(table, "key", table.keyKind(), key);
        if (subkey != null) {
            checkKey(table, "subkey", table.subkeyKind(), subkey);
        }
    }

    private static String recordName(final StoredType<?> type) {
        return type.type() == null ? type.toString() : type.type().getName();
    }

    private static boolean sameKeys(final StoredType<?> a, final StoredType<?> b) {
        return a.keyKind() == b.keyKind() && a.subkeyKind() == b.subkeyKind()
            && Objects.equals(a.keyName(), b.keyName()) && Objects.equals(a.subkeyName(), b.subkeyName());
    }

    private static void checkKey(final StoredType<?> table, final String what, final KeyKind kind, final Object value) {
        if (kind == null) {
            throw new IllegalArgumentException("table '" + table.table() + "' has no " + what + ", but one was given: " + value);
        }
        if (value != null && !kind.javaType().isInstance(value)) {
            throw new IllegalArgumentException("table '" + table.table() + "' has a " + kind + " " + what + ", not a "
                + value.getClass().getSimpleName() + " (" + value + ")");
        }
    }

    private TreeMap<Object, byte[]> rows(final StoredType<?> table, final Object key, final boolean create) {
        Objects.requireNonNull(key, "key");
        Map<Object, TreeMap<Object, byte[]>> rows = tables.get(table.table());
        if (rows == null) {
            if (!create) {
                return null;
            }
            rows = new HashMap<>();
            tables.put(table.table(), rows);
        }
        TreeMap<Object, byte[]> byKey = rows.get(key);
        if (byKey == null && create) {
            byKey = new TreeMap<>(SUBKEY_ORDER);
            rows.put(key, byKey);
        }
        return byKey;
    }

    // ---- reminders -------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> upsertReminder(final StoredReminder reminder) {
        Objects.requireNonNull(reminder, "reminder");
        return run(Operation.REMINDER, () -> {
            reminders.put(reminderKey(reminder.kind(), reminder.key(), reminder.name()), reminder);
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteReminder(final String kind, final String key, final String name) {
        final String[] k = reminderKey(kind, key, name);
        return run(Operation.REMINDER, () -> reminders.remove(k) != null);
    }

    @Override
    public CompletableFuture<Boolean> recordReminderTick(final String kind, final String key, final String name,
        final long startMillis, final long periodMillis, final long tickMillis) {
        final String[] k = reminderKey(kind, key, name);
        return run(Operation.REMINDER, () -> {
            final StoredReminder r = reminders.get(k);
            if (r == null || r.startMillis() != startMillis || r.periodMillis() != periodMillis
                || (r.lastTickMillis() != StoredReminder.NO_TICK && r.lastTickMillis() >= tickMillis)) {
                return false;
            }
            reminders.put(k, r.withLastTick(tickMillis));
            return true;
        });
    }

    @Override
    public CompletableFuture<List<StoredReminder>> readReminders(final String kind, final String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        return run(Operation.REMINDER, () -> new ArrayList<>(
            reminders.subMap(new String[] {kind, key, ""}, true, new String[] {kind, key + "\0"}, false).values()));
    }

    @Override
    public CompletableFuture<List<StoredReminder>> scanReminders(final StoredReminder after, final int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        final String[] from = after == null ? null : reminderKey(after.kind(), after.key(), after.name());
        return run(Operation.REMINDER, () -> {
            final List<StoredReminder> page = new ArrayList<>(Math.min(limit, reminders.size()));
            for (final StoredReminder r : (from == null ? reminders : reminders.tailMap(from, false)).values()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(r);
            }
            return page;
        });
    }

    /** How many reminders are stored now. */
    public synchronized int reminderCount() {
        return reminders.size();
    }

    // ---- topic subscriptions ---------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> upsertSubscription(final String topic, final String subscriber) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriber, "subscriber");
        return run(Operation.SUBSCRIPTION, () -> {
            subscriptions.computeIfAbsent(topic, t -> new TreeSet<>(InMemoryStorage::compareCodePoints)).add(subscriber);
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteSubscription(final String topic, final String subscriber) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriber, "subscriber");
        return run(Operation.SUBSCRIPTION, () -> {
            final TreeSet<String> subscribers = subscriptions.get(topic);
            final boolean removed = subscribers != null && subscribers.remove(subscriber);
            if (subscribers != null && subscribers.isEmpty()) {
                subscriptions.remove(topic);
            }
            return removed;
        });
    }

    @Override
    public CompletableFuture<List<String>> readSubscriptions(final String topic) {
        Objects.requireNonNull(topic, "topic");
        return run(Operation.SUBSCRIPTION, () -> {
            final TreeSet<String> subscribers = subscriptions.get(topic);
            return subscribers == null ? new ArrayList<>() : new ArrayList<>(subscribers);
        });
    }

    /** How many subscriptions to {@code topic} are stored now. */
    public synchronized int subscriptionCount(final String topic) {
        final TreeSet<String> subscribers = subscriptions.get(topic);
        return subscribers == null ? 0 : subscribers.size();
    }

    private static String[] reminderKey(final String kind, final String key, final String name) {
        return new String[] {Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(key, "key"),
            Objects.requireNonNull(name, "name")};
    }

    /**
     * Kind, then key, then name, each by code point; a key that is a prefix of another sorts first,
     * so {@code {kind, key + "\0"}} bounds the reminders of one grain from above.
     */
    private static int compareReminderKeys(final String[] a, final String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            final int c = compareCodePoints(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** Makes later operations fail with {@link StorageException}. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- running operations ----------------------------------------------------------------------

    /** Runs {@code action} now, or when its gate opens; a failure to inject fails it instead. */
    private <R> CompletableFuture<R> run(final Operation operation, final Action<R> action) {
        final CompletableFuture<R> future = new CompletableFuture<>();
        final Gate gate;
        synchronized (this) {
            gate = gates.get(operation);
            if (gate != null) {
                gate.held.add(() -> complete(operation, action, future));
                return future;
            }
        }
        complete(operation, action, future);
        return future;
    }

    private <R> void complete(final Operation operation, final Action<R> action, final CompletableFuture<R> future) {
        R result = null;
        RuntimeException failure = null;
        synchronized (this) {
            try {
                if (closed) {
                    throw new StorageException("the InMemoryStorage is closed");
                }
                final Failures f = failures.get(operation);
                if (f != null && f.remaining > 0) {
                    if (--f.remaining == 0) {
                        failures.remove(operation);
                    }
                    throw f.failure.get();
                }
                result = action.run();
            } catch (final RuntimeException e) {
                failure = e;
            }
        }
        // complete outside the lock: continuations may call this storage again
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(final Object a, final Object b) {
        if (a instanceof String && b instanceof String) {
            return compareCodePoints((String)a, (String)b);
        }
        if (a instanceof UUID && b instanceof UUID) {
            final UUID x = (UUID)a;
            final UUID y = (UUID)b;
            final int high = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return high != 0 ? high : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
        return ((Comparable)a).compareTo(b);
    }

    private static int compareCodePoints(final String a, final String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            final int x = a.codePointAt(i);
            final int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public synchronized String toString() {
        return "InMemoryStorage{states=" + states.size() + ", tables=" + Arrays.toString(tables.keySet().toArray()) + "}";
    }

    /** What an operation does to the maps, under the storage's lock. */
    private interface Action<R> {
        R run();
    }

    private static final class Failures {
        int remaining;
        final Supplier<? extends RuntimeException> failure;

        Failures(final int remaining, final Supplier<? extends RuntimeException> failure) {
            this.remaining = remaining;
            this.failure = failure;
        }
    }

    /**
     * Holds the operations of one kind until {@link #open()}. Thread safe.
     */
    public final class Gate {
        private final Operation operation;
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();

        private Gate(final Operation operation) {
            this.operation = operation;
        }

        /** How many operations wait in this gate now. */
        public int waiting() {
            synchronized (InMemoryStorage.this) {
                return held.size();
            }
        }

        /**
         * Runs the oldest held operation on this thread (its future completes here) and keeps
         * holding the rest and what comes later.
         *
         * @return false when no operation was waiting.
         */
        public boolean runNext() {
            final Runnable next;
            synchronized (InMemoryStorage.this) {
                next = held.poll();
            }
            if (next == null) {
                return false;
            }
            next.run();
            return true;
        }

        /**
         * Stops holding and runs the held operations in the order they came, on this thread; their
         * futures complete here. Opening an open gate does nothing.
         */
        public void open() {
            final Runnable[] toRun;
            synchronized (InMemoryStorage.this) {
                if (gates.get(operation) == this) {
                    gates.remove(operation);
                }
                toRun = held.toArray(new Runnable[0]);
                held.clear();
            }
            for (final Runnable r : toRun) {
                r.run();
            }
        }

        @Override
        public String toString() {
            return "Gate{" + operation + ", waiting=" + waiting() + "}";
        }
    }
}
