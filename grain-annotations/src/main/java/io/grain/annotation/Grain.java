package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a grain: a virtual actor addressed by its kind and a key.
 *
 * <p>For an interface {@code p.Player} the Grain processor writes, in package {@code p},
 * {@code PlayerClient} (the proxy that sends calls), {@code PlayerDispatcher} (decodes a call and
 * invokes the implementation), {@code PlayerCodec} (the Protobuf wire encoding),
 * {@code PlayerStub} (an in-memory test stub) and the resource {@code p/Player.proto}.
 *
 * <p>Every abstract method must return {@code CompletableFuture<T>} or {@code CompletionStage<T>},
 * or be {@code void} and annotated {@link OneWay}. Parameter and result types are limited to what
 * the wire carries: primitives and their boxes, {@code String}, {@code byte[]}, enums, records of
 * allowed types, {@code List}, {@code Set}, {@code Map} and {@code Optional} of allowed types,
 * protoc-generated messages and other {@code @Grain} interfaces (sent as references). Anything
 * else is a compile error at the offending element.
 *
 * <p>The runtime promises that an activation runs one turn at a time on one thread, unless the
 * method or interface says otherwise ({@link ReadOnly}, {@link AlwaysInterleave},
 * {@link Reentrant}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Grain {
    /**
     * The grain's kind: the name under which members place and address it, and the name of its
     * protobuf service. Empty (the default) means the interface's simple name. Must be unique in
     * a cluster and must not change once grains of this kind hold state.
     */
    String value() default "";

    /**
     * The one key type grains of this kind are addressed by. {@link KeyType#ANY} (the default)
     * leaves keys unchecked; anything else makes {@code grains().get(..)} with another key type,
     * and a reference of another key type arriving from the wire, fail at once with an error
     * naming the interface, the declared key type and the given one.
     */
    KeyType key() default KeyType.ANY;
}
