package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.OneWay;

import java.util.List;

/**
 * Hands a push to the gateway of the member it lives on: {@link ClientPushes} sends every push to
 * this grain on every member at once ({@code everyMember()}), and the member whose gateway holds
 * the player delivers it; the others drop it and count it. This is how the game finds its players'
 * gateways until presence is kept in the cluster (docs/GATEWAY.md).
 */
@Grain(value = "push_relay", key = KeyType.STRING)
public interface PushRelay {
    /** The one key the game uses. */
    String KEY = "gateway";

    /** Pushes {@code payload}, the binary message of {@code observer}'s {@code method}, to each of {@code principals} connected here. */
    @OneWay
    void push(List<String> principals, String observer, String method, byte[] payload);
}
