package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("Non-linearity after each hidden layer")
public enum Activation {
    @Description("max(0, x)")
    RELU,
    @Description("Hyperbolic tangent")
    TANH,
    @Description("Logistic function")
    SIGMOID,
    @Description("Gaussian error linear unit")
    GELU;

    @JsonCreator
    public static Activation of(String name) {
        return Names.parse(Activation.class, name);
    }
}
