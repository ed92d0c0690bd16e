package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks what game clients may call through a gateway ({@code grain-gateway}): on a
 * {@link Grain @Grain} interface, every method it declares; on a method, that method alone.
 * Everything else stays reachable from inside the cluster only, and a client that names it gets
 * the same answer as for a method that does not exist.
 *
 * <p>Being callable is not being allowed: the gateway still asks its authorizer about every call
 * (which principal, which grain, which method), so a player can, for example, be limited to its
 * own grain.
 *
 * <pre>{@code
 * @Grain("player")
 * public interface Player {
 *     @ClientCallable CompletableFuture<Profile> profile();   // clients may call this
 *     CompletableFuture<Void> grantReward(int coins);          // only grains may call this
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ClientCallable {
}
