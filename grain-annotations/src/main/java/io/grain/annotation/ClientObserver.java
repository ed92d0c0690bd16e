package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface through which grains push to connected game clients: each of its methods is
 * {@code void} and {@link OneWay}, and each call becomes a push message that a gateway delivers to
 * the client, wherever in the cluster that client is connected. A push to a client that is not
 * connected is dropped (and counted), never an error in the grain.
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
     * The observer's kind: the name push messages carry. Empty (the default) means the
     * interface's simple name.
     */
    String value() default "";
}
