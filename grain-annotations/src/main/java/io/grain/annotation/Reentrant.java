package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes every call of a grain interface reentrant: while one call waits on a future, the next
 * queued call may start. Calls still run one at a time on the activation's thread, so grain code
 * needs no locks, but state may change across an await point.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Reentrant {
}
