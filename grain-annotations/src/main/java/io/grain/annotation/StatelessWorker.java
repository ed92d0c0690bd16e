package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a grain without state of its own: each member may keep up to {@link #max()}
 * activations of one key, always on the calling member, and spreads calls among them round
 * robin. Use it for work that scales out (validation, fan-out, lookups), not for state that must
 * be seen by every caller.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StatelessWorker {
    /** The most activations of one key on one member; at least 1. */
    int max() default 1;
}
