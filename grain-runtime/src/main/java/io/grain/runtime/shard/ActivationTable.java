package io.grain.runtime.shard;

import io.grain.runtime.GrainId;
import io.grain.runtime.MemberCounters;
import io.grain.runtime.member.KindRegistration;
import io.grain.runtime.membership.MembershipView;
import io.grain.runtime.placement.RendezvousPlacement;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.ArrayList;

/**
 * The activations of one shard: one per grain id, or up to n per key of a stateless worker kind
 * (a {@link WorkerSet}). Keeps the member's {@link MemberCounters#ACTIVATIONS} gauge.
 *
 * <p>Thread ownership: the shard's thread.
 */
final class ActivationTable {
    private final ShardAgent shard;
    private final Object2ObjectHashMap<GrainId, Activation> activations = new Object2ObjectHashMap<>();
    private final Object2ObjectHashMap<GrainId, WorkerSet> workers = new Object2ObjectHashMap<>();

    ActivationTable(final ShardAgent shard) {
        this.shard = shard;
    }

    /** The activation of {@code id} (not a stateless worker), or null. */
    Activation find(final GrainId id) {
        return activations.get(id);
    }

    /** The activation of {@code id}, created (not yet started) when there is none. */
    Activation activationFor(final GrainId id, final KindRegistration registration) {
        Activation activation = activations.get(id);
        if (activation == null) {
            activation = new Activation(shard, id, registration, null);
            activations.put(id, activation);
            shard.counters().increment(shard.index(), MemberCounters.ACTIVATIONS);
            shard.observer().onActivated(registration.index());
        }
        return activation;
    }

    /**
     * The stateless worker activation of {@code id} for the next call: an idle one, else a new one
     * while there are fewer than the kind's maximum, else the next in round-robin order.
     */
    Activation workerFor(final GrainId id, final KindRegistration registration) {
        WorkerSet set = workers.get(id);
        if (set == null) {
            set = new WorkerSet();
            workers.put(id, set);
        }
        final ArrayList<Activation> list = set.activations;
        for (int i = 0; i < list.size(); i++) {
            final Activation a = list.get(i);
            if (a.state == Activation.ACTIVE && a.idle()) {
                return a;
            }
        }
        if (list.size() < registration.statelessWorkerMax()) {
            final Activation a = new Activation(shard, id, registration, set);
            list.add(a);
            shard.counters().increment(shard.index(), MemberCounters.ACTIVATIONS);
            shard.observer().onActivated(registration.index());
            return a;
        }
        final Activation a = list.get(set.next++ % list.size());
        if (set.next >= list.size()) {
            set.next = 0;
        }
        return a;
    }

    /** Forgets {@code a} (a later call creates a new activation). */
    void remove(final Activation a) {
        if (a.workerSet != null) {
            if (a.workerSet.activations.remove(a)) {
                shard.counters().decrement(shard.index(), MemberCounters.ACTIVATIONS);
                shard.observer().onDeactivated(a.registration.index());
            }
            if (a.workerSet.activations.isEmpty() && workers.get(a.id) == a.workerSet) {
                workers.remove(a.id);
            }
        } else if (activations.get(a.id) == a) {
            activations.remove(a.id);
            shard.counters().decrement(shard.index(), MemberCounters.ACTIVATIONS);
            shard.observer().onDeactivated(a.registration.index());
        }
    }

    /** Adds every activation, workers included, to {@code into}. */
    void collectAll(final ArrayList<Activation> into) {
        into.addAll(activations.values());
        for (final WorkerSet set : workers.values()) {
            into.addAll(set.activations);
        }
    }

    /** Adds the active, idle activations whose collection age has passed at {@code now} to {@code into}. */
    void collectIdle(final long now, final long defaultAgeMillis, final ArrayList<Activation> into) {
        for (final Activation a : activations.values()) {
            if (collectable(a, now, defaultAgeMillis)) {
                into.add(a);
            }
        }
        for (final WorkerSet set : workers.values()) {
            for (final Activation a : set.activations) {
                if (collectable(a, now, defaultAgeMillis)) {
                    into.add(a);
                }
            }
        }
    }

    private static boolean collectable(final Activation a, final long now, final long defaultAgeMillis) {
        final long age = a.registration.collectionAgeMillis() > 0 ? a.registration.collectionAgeMillis() : defaultAgeMillis;
        return a.state == Activation.ACTIVE && a.idle() && now - a.lastActive >= age;
    }

    /** Adds the activations that placement over {@code view} gives to another live member to {@code into}. */
    void collectOwnedElsewhere(final MembershipView view, final int memberId, final ArrayList<Activation> into) {
        for (final Activation a : activations.values()) {
            if (a.pinned) {
                continue; // an every-member activation belongs to this member
            }
            final int owner = RendezvousPlacement.owner(a.id, view);
            if (owner != memberId && owner != RendezvousPlacement.NO_MEMBER) {
                into.add(a);
            }
        }
    }

    /** Adds every placed activation (all but every-member ones) to {@code into}. */
    void collectPlaced(final ArrayList<Activation> into) {
        for (final Activation a : activations.values()) {
            if (!a.pinned) {
                into.add(a);
            }
        }
    }

    /** How many activations this shard holds. */
    int count() {
        int count = activations.size();
        for (final WorkerSet set : workers.values()) {
            count += set.activations.size();
        }
        return count;
    }
}
