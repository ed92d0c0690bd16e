package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a grain method does not change the grain's state, so the runtime may run it
 * interleaved with other {@code @ReadOnly} calls to the same activation (while one waits on a
 * future, another may start). It never interleaves with a call that is not read-only, unless that
 * call is {@link AlwaysInterleave}. The promise is the implementer's: the runtime does not check
 * that state is left untouched.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnly {
}
