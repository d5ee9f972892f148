package dev.hone.ml.preprocess;

/** How a numeric input column becomes a model input (after missing values take the train median). */
public enum NumericScaling {
    /** {@code (x - mean) / std} with the train mean and standard deviation. */
    STANDARD,
    /**
     * Through the train distribution to a standard normal: {@code x}'s train quantile (interpolated
     * between up to {@link FittedTransform#QUANTILES} reference values), then the normal quantile
     * function, clipped to {@code +-}{@link FittedTransform#QUANTILE_CLIP}; as scikit-learn's
     * {@code QuantileTransformer(output_distribution="normal")}. Skewed and heavy-tailed columns come
     * out evenly spread, outliers bounded.
     */
    QUANTILE,
    /**
     * The standardized value and its piecewise-linear encoding (Gorishniy, Rubachev and Babenko, 2022):
     * the train range is cut at up to {@link FittedTransform#BINS} + 1 quantiles, and {@code x} gives
     * one more input per bin: 0 below the bin, 1 above it, the fraction of the way through it inside.
     * The network can then bend its response to a number at learned points, as a tree splits on it,
     * and still sees the number itself (without it, near-linear problems lost up to 4 points).
     */
    PIECEWISE_LINEAR
}
