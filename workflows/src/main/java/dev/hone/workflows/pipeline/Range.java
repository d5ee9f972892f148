package dev.hone.workflows.pipeline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric setting (or each entry of a list setting) may take: the trainer's own rule,
 * published with the setting so that clients and the run rules check the same edges, and the
 * configured limit that caps it, when an administrator can raise it. Every numeric and list
 * setting of {@link TrainingSettings} declares one ({@code @Range} alone: unbounded).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Range {

    /** The smallest value; NaN when unbounded below. */
    double min() default Double.NaN;

    /** True when {@link #min()} itself is refused. */
    boolean minExclusive() default false;

    /** The largest value; NaN when unbounded above or capped only by {@link #limit()}. */
    double max() default Double.NaN;

    /** True when {@link #max()} itself is refused. */
    boolean maxExclusive() default false;

    /** The configured limit on the value (on each entry of a list), e.g. {@code epochs}; empty for none. */
    String limit() default "";

    /** The configured limit on the number of entries of a list; empty for none. */
    String itemsLimit() default "";
}
