package io.grain.runtime;

import io.grain.runtime.topic.Topics;
import io.grain.storage.GrainState;
import io.grain.storage.RecordStore;
import io.grain.storage.StoredType;
import io.grain.storage.StoredTypes;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What an activation knows of itself and its member; passed to the grain's constructor.
 *
 * <p>Thread ownership: every method is meant to be called from the activation's own code, which
 * runs on its shard thread, except {@link #executor()} and {@link #id()}, which any thread may use.
 *
 * <p>Durable state (docs/PERSISTENCE.md): a grain declares its states in its constructor, Orleans
 * style, and keeps them in fields; the runtime loads them before {@code onActivate} and the first
 * call.
 *
 * <pre>{@code
 * public PlayerGrain(GrainContext context) {
 *     state = context.state(PlayerData.class);
 *     items = context.records(Item.class);
 * }
 * }</pre>
 */
public interface GrainContext {
    /** This grain's identity. */
    GrainId id();

    /** The member's clock; virtual in a {@code TestCluster}, so it only moves with {@code advance}. */
    Clock clock();

    /** Clients for other grains; calls made from grain code complete on this activation's thread. */
    GrainFactory grains();

    /**
     * Calls to one grain kind and key on every live member at once (one activation per member);
     * futures complete on this activation's thread.
     */
    EveryMember everyMember();

    /**
     * The member's pub/sub topics (docs/TOPICS.md): publish from grain code, or subscribe this
     * grain with {@code topics().topic("lobby", ChatLine.class).subscribe(self(Lobby.class), Lobby::onChat)};
     * futures complete on this activation's thread.
     */
    Topics topics();

    /** A client for this grain itself, to pass to other grains or to call itself through a turn. */
    <G> G self(Class<G> grainInterface);

    /** One-shot and periodic timers that are cancelled when this activation ends. */
    GrainTimers timers();

    /**
     * Durable reminders of this grain (docs/REMINDERS.md): they survive deactivation, crashes and
     * restarts, and each tick activates the grain, which must implement {@link Remindable}.
     */
    GrainReminders reminders();

    /** Deactivates this activation as soon as no turn of it is running (the current one ends). */
    void deactivateOnIdle();

    /**
     * Runs tasks on this activation's thread, with this activation's context: hand it to
     * {@code thenApplyAsync} and friends when a future completes elsewhere (storage I/O, a thread
     * pool) and its continuation must touch grain state.
     */
    Executor executor();

    /**
     * Declares a state of this grain stored as {@code type} (a {@code @Stored} record without a
     * key) under the name {@code type}'s table ({@code PlayerData -> player_data}). Call it from
     * the grain's constructor; the state is loaded before {@code onActivate} and the first call.
     *
     * @throws IllegalArgumentException when {@code type} is not a {@code @Stored} record without a
     *         key, or a state of that name is declared already.
     * @throws IllegalStateException when called after the constructor, on a stateless worker, or
     *         when the member has no storage.
     */
    default <T> GrainState<T> state(final Class<T> type) {
        return state(StoredTypes.of(type));
    }

    /** Like {@link #state(Class)}, under {@code name}: one grain may keep several states of one type. */
    default <T> GrainState<T> state(final String name, final Class<T> type) {
        return state(name, StoredTypes.of(type));
    }

    /** Like {@link #state(Class)}, with the stored type given (the generated one, or one written by hand). */
    default <T> GrainState<T> state(final StoredType<T> type) {
        return state(type.table(), type);
    }

    /** Like {@link #state(String, Class)}, with the stored type given. */
    <T> GrainState<T> state(String name, StoredType<T> type);

    /**
     * The rows of the table of {@code type} (a {@code @Stored} record with a key). May be called at
     * any time from this grain's code; its operations must be called from this grain's code too,
     * and their futures complete on this activation's thread.
     *
     * @throws IllegalArgumentException when {@code type} is not a {@code @Stored} record with a key.
     * @throws IllegalStateException when the member has no storage.
     */
    default <T> RecordStore<T> records(final Class<T> type) {
        return records(StoredTypes.of(type));
    }

    /** Like {@link #records(Class)}, with the stored type given. */
    <T> RecordStore<T> records(StoredType<T> type);
}
