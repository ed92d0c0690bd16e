package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets how long a caller waits for this method's reply before its future fails with a
 * {@link java.util.concurrent.TimeoutException}; without it the member's default (30 s) applies.
 * The deadline travels with the call, so a callee may drop work whose caller gave up. Not allowed
 * on {@link OneWay} methods, which have no reply to wait for.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Timeout {
    /** The timeout in milliseconds; must be positive. */
    long millis();
}
