package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("How a study stops weak trials early")
public enum Pruner {
    @Description("Every trial trains until its own early stopping")
    NONE,
    @Description("Stops a trial whose value after minResource warm-up epochs is worse than the median of the other "
            + "trials at the same epoch")
    MEDIAN,
    @Description("Asynchronous successive halving: at minResource x reductionFactor^k epochs only the best "
            + "1/reductionFactor of the trials go on")
    ASHA;

    @JsonCreator
    public static Pruner of(String name) {
        return Names.parse(Pruner.class, name);
    }
}
