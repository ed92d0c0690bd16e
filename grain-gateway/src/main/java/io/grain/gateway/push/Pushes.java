package io.grain.gateway.push;

import io.grain.runtime.GrainFactory;
import io.grain.runtime.GrainMember;
import io.grain.runtime.dispatch.GeneratedCompanion;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Objects;

/**
 * Pushes from grains (and outside code) to game clients through typed observer interfaces, to
 * whichever member's gateway holds the player.
 *
 * <pre>{@code
 * // every member of the cluster, before start():
 * GrainMember member = Pushes.register(GrainMember.builder().register(...)).start();
 *
 * // in a grain (or anywhere with a GrainFactory):
 * MatchEvents events = Pushes.observer(context.grains(), MatchEvents.class, "alice");
 * events.matchFound("m1", List.of("alice", "bob"));      // never blocks, never fails for an absent player
 * }</pre>
 *
 * <p>A push goes as a one-way call to the principal's {@link Presence} grain, which forwards it to
 * the member whose gateway announced the principal's session (docs/GATEWAY.md, section 6). Thread
 * safe; static methods only.
 */
public final class Pushes {
    /**
     * How long a presence grain stays active without calls: longer than a gateway's presence
     * refresh ({@code GatewayServer.DEFAULT_PRESENCE_REFRESH}), so the record of a connected
     * player is never collected between refreshes.
     */
    public static final Duration PRESENCE_COLLECTION_AGE = Duration.ofMinutes(5);

    private static final ClassValue<GeneratedCompanion> PUSH_CLIENTS = new ClassValue<>() {
        @Override
        protected GeneratedCompanion computeValue(final Class<?> type) {
            return findPushClient(type);
        }
    };

    private Pushes() {
    }

    /**
     * Registers the grain kinds pushes travel through ({@link Presence}, {@link GatewayDelivery})
     * with a member being configured. Every member of the cluster must call it (a presence grain
     * may be placed on any of them), whether it hosts a gateway, pushes, or neither.
     *
     * @return {@code builder}, to go on configuring it.
     */
    public static GrainMember.Builder register(final GrainMember.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        builder.register(Presence.class, context -> new PresenceGrain(context, PushNode.of(context.grains()).counters()),
            PRESENCE_COLLECTION_AGE);
        builder.register(GatewayDelivery.class, context -> new DeliveryGrain(PushNode.of(context.grains())));
        return builder;
    }

    /**
     * The push client of {@code observerInterface} (a {@code @ClientObserver} interface; the
     * processor generated {@code <Interface>Push}) for {@code principal}, routing through
     * {@code grains}: in a grain, {@code context.grains()}; outside, {@code member.grains()}.
     *
     * @throws IllegalArgumentException when the interface has no generated push client.
     */
    public static <O> O observer(final GrainFactory grains, final Class<O> observerInterface, final String principal) {
        Objects.requireNonNull(principal, "principal");
        final Constructor<?> constructor = (Constructor<?>)PUSH_CLIENTS.get(observerInterface).instance();
        try {
            return observerInterface.cast(constructor.newInstance(router(grains), principal));
        } catch (final InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot make " + constructor.getDeclaringClass().getName() + ": " + e, e);
        } catch (final InvocationTargetException e) {
            throw new IllegalStateException("cannot make " + constructor.getDeclaringClass().getName() + ": " + e.getCause(),
                e.getCause());
        }
    }

    /** The router pushes through {@code grains} take: hand it to a generated push client's constructor. */
    public static PushRouter router(final GrainFactory grains) {
        return new PresenceRouter(grains);
    }

    /** The push counters of {@code member} (for the presence grains it hosts). */
    public static PushCounters counters(final GrainMember member) {
        return PushNode.of(member.grains()).counters();
    }

    private static GeneratedCompanion findPushClient(final Class<?> type) {
        final String name = GeneratedCompanion.nameOf(type, "Push");
        if (!type.isInterface() || type.getAnnotation(io.grain.annotation.ClientObserver.class) == null) {
            return GeneratedCompanion.missing(type.getName() + " is not a @ClientObserver interface", null);
        }
        try {
            final Class<?> client = Class.forName(name, true, type.getClassLoader());
            return GeneratedCompanion.found(client.getConstructor(PushRouter.class, String.class));
        } catch (final ClassNotFoundException | NoSuchMethodException e) {
            return GeneratedCompanion.missing("no push client " + name + " for " + type.getName()
                + "; is the Grain annotation processor on the compile path?", e);
        }
    }
}
