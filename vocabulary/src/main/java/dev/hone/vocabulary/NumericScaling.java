package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

/**
 * How a numeric input column becomes model inputs, after a missing value takes the train median. The
 * run's preprocessing fits each encoding its trainings may use (the run's own and those a study
 * searches); a trained model records its encoding and is served with it.
 */
@Description("How a numeric input column becomes model inputs (after a missing value takes the train median)")
public enum NumericScaling {
    @Description("(x - mean) / std with the train mean and standard deviation: one input")
    STANDARD,
    @Description("x's train quantile (interpolated between up to 1,000 train values), then the normal quantile "
            + "function, clipped to +-5.2, as scikit-learn's QuantileTransformer(output_distribution='normal'): "
            + "one input; skewed and heavy-tailed columns come out evenly spread, outliers bounded")
    QUANTILE,
    @Description("The standardized value plus its piecewise-linear encoding (Gorishniy, Rubachev and Babenko, 2022): "
            + "the train range is cut at up to 17 quantiles and each of the up to 16 bins gives one more input, 0 "
            + "below the bin, 1 above it, the fraction of the way through it inside; the network can bend its "
            + "response to a number at learned points, as a tree splits on it. Up to 17 inputs per column")
    PIECEWISE_LINEAR;

    @JsonCreator
    public static NumericScaling of(String name) {
        return Names.parse(NumericScaling.class, name);
    }
}
