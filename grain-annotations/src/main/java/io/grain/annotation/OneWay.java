package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code void} grain method as fire-and-forget: the caller does not wait and gets no
 * reply, no exception and no timeout. Delivery is at most once, in order with the caller's other
 * calls to the same grain. The call still takes a turn on the activation like any other call.
 *
 * <p>Only {@code void} methods may be one-way, and a {@code void} grain method must be one-way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OneWay {
}
