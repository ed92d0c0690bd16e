package io.grain.sample.hosts;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.ReadOnly;

import java.util.concurrent.CompletableFuture;

/**
 * A grain that says where its activation lives. Every arena member hosts it, so a drill can tell
 * which member (and which incarnation of that member) serves a grain, and, from the lines the
 * activations print ({@link HostProbeGrain}), whether two activations of one grain were ever live
 * at once.
 */
@Grain(value = "host-probe", key = KeyType.STRING)
public interface HostProbe {
    /** The member and incarnation hosting this activation, and the activation's number on that member. */
    @ReadOnly
    CompletableFuture<ProbeAnswer> where();
}
