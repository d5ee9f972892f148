package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("The gradient method that trains a model; each uses the learning rate as is")
public enum Optimizer {
    @Description("Adam (beta1 0.9, beta2 0.999)")
    ADAM,
    @Description("Stochastic gradient descent with momentum 0.9")
    SGD,
    @Description("RMSProp (rho 0.99, no momentum)")
    RMSPROP,
    @Description("Adagrad")
    ADAGRAD;

    @JsonCreator
    public static Optimizer of(String name) {
        return Names.parse(Optimizer.class, name);
    }
}
