package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface through which grains push to connected game clients: each of its methods is
 * {@code void} ({@link OneWay} may be said, it is implied), and each call becomes a push message
 * that a gateway delivers to the client, wherever in the cluster that client is connected. A push
 * to a client that is not connected is dropped (and counted), never an error in the grain. The
 * processor generates a push client ({@code MatchEventsPush}) and a service in the generated
 * .proto; grains get one from {@code io.grain.gateway.push.Pushes.observer(grains, MatchEvents.class, playerId)}.
 *
 * <pre>{@code
 * @ClientObserver("match_events")
 * public interface MatchEvents {
 *     @OneWay void matchFound(String matchId, List<String> players);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ClientObserver {
    /**
     * The observer's kind: the name push messages carry. Required (an empty kind is a compile
     * error): clients depend on it, so it must not follow renames of the Java interface.
     */
    String value() default "";
}
