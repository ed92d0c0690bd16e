package io.grain.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets calls of this method interleave with any other call of the same activation: it may start
 * while another turn waits on a future, and others may start while it waits. All of it still runs
 * on the activation's one thread, so its code needs no locks; only its await points are shared.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AlwaysInterleave {
}
