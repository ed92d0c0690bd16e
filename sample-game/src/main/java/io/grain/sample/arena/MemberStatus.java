package io.grain.sample.arena;

import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.ReadOnly;

import java.util.concurrent.CompletableFuture;

/**
 * A member's own summary: called on every member at once ({@code everyMember()}), one activation
 * per member, each answering for the member it lives on.
 */
@Grain(value = "member_status", key = KeyType.STRING)
public interface MemberStatus {
    /** The one key the game uses. */
    String KEY = "load";

    @ReadOnly
    CompletableFuture<MemberLoad> load();
}
