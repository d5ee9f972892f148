package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("How a study searches a parameter")
public enum ParameterType {
    @Description("A decimal range from low to high, optionally on a log scale")
    FLOAT,
    @Description("A whole-number range from low to high with a step, optionally on a log scale")
    INT,
    @Description("One of the listed choices")
    CATEGORICAL;

    @JsonCreator
    public static ParameterType of(String name) {
        return Names.parse(ParameterType.class, name);
    }
}
