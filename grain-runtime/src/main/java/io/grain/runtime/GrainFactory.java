package io.grain.runtime;

import java.util.UUID;

/**
 * Hands out clients for grains by interface and key. Clients are cheap, immutable and may be kept;
 * the grain activates on its first call wherever placement puts it. A plain object that a DI
 * container can bind.
 */
public interface GrainFactory {
    <G> G get(Class<G> grainInterface, String key);

    <G> G get(Class<G> grainInterface, long key);

    <G> G get(Class<G> grainInterface, UUID key);
}
