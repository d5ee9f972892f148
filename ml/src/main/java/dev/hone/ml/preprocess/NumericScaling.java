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
    QUANTILE
}
