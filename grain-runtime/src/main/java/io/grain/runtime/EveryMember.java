package io.grain.runtime;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls to one grain kind and key on every live member at once (Kuai's {@code multi_call} and
 * {@code abcast}): each member hosts its own activation of the grain, whatever placement says,
 * and keeps it across membership changes, so a kind used this way is a per-member service (a
 * cache, a configuration, a member's summary). Use such a kind only through these calls.
 *
 * <pre>{@code
 * member.everyMember().call(Cache.class, "config", cache -> cache.reload())
 *     .thenAccept(replies -> replies.forEach(r -> log(r.member(), r.ok() ? r.value() : r.failure())));
 * member.everyMember().send(Cache.class, "config", cache -> cache.invalidate("player:7"));   // a @OneWay method
 * }</pre>
 *
 * <p>The members are those of the calling member's membership view when the call is made. From
 * grain code the futures complete on the activation's thread, like any call it makes; from other
 * threads on the member's callback executor. Thread safe.
 */
public interface EveryMember {
    /**
     * Calls {@code call} on a client of the grain pinned to each live member, and completes when
     * every member answered: with one {@link MemberReply} per member, in member id order. The
     * future never fails as a whole: a member's failure (its grain failed, it died during the call,
     * the call timed out, or {@code call} threw) is in its reply.
     */
    <G, R> CompletableFuture<List<MemberReply<R>>> call(Class<G> grainInterface, String key,
        Function<? super G, ? extends CompletionStage<R>> call);

    /** Like {@link #call(Class, String, Function)}, for a grain with a long key. */
    <G, R> CompletableFuture<List<MemberReply<R>>> call(Class<G> grainInterface, long key,
        Function<? super G, ? extends CompletionStage<R>> call);

    /** Like {@link #call(Class, String, Function)}, for a grain with a UUID key. */
    <G, R> CompletableFuture<List<MemberReply<R>>> call(Class<G> grainInterface, UUID key,
        Function<? super G, ? extends CompletionStage<R>> call);

    /**
     * Hands {@code send} a client of the grain pinned to each live member, to make a one-way call
     * on each; returns how many members it was sent to. Delivery is at most once per member, as for
     * any one-way call.
     */
    <G> int send(Class<G> grainInterface, String key, Consumer<? super G> send);

    /** Like {@link #send(Class, String, Consumer)}, for a grain with a long key. */
    <G> int send(Class<G> grainInterface, long key, Consumer<? super G> send);

    /** Like {@link #send(Class, String, Consumer)}, for a grain with a UUID key. */
    <G> int send(Class<G> grainInterface, UUID key, Consumer<? super G> send);

    /**
     * A client of the grain pinned to member {@code memberId}: its calls run on that member's own
     * activation, as those of {@link #send} do, to reach one member's service (e.g. the gateway a
     * member hosts). When {@code memberId} is not in the calling member's view at the call, the
     * call fails at once with {@link GrainUnavailableException} (a one-way call is dropped), rather
     * than waiting for its timeout.
     */
    <G> G on(int memberId, Class<G> grainInterface, String key);
}
