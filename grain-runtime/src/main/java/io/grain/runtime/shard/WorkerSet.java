package io.grain.runtime.shard;

import java.util.ArrayList;

/** The activations of one stateless worker key on one member; owned by the shard thread. */
final class WorkerSet {
    final ArrayList<Activation> activations = new ArrayList<>(2);
    int next;
}
