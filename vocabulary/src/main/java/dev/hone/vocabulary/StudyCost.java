package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("A second objective a study minimizes beside its metric: the study keeps the Pareto front of the two, "
        + "and TPE samples towards it (MOTPE)")
public enum StudyCost {
    @Description("Median time of one row alone through the trial's model on its worker, served as trained (float), "
            + "microseconds")
    LATENCY,
    @Description("The same for the trial's model quantized to int8, as the compression stage would serve it: the "
            + "study searches architectures for their compressed speed")
    INT8_LATENCY,
    @Description("Weights and biases of the trial's model")
    SIZE;

    @JsonCreator
    public static StudyCost of(String name) {
        return Names.parse(StudyCost.class, name);
    }
}
