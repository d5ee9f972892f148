package dev.hone.ml.compress;

/** Lets benchmarks outside the package run the int8 network's float-input path. */
public final class Int8Access {
    private Int8Access() {}

    public static float[][] predictFloat(Int8Network network, float[][] x) {
        return network.predict(x, false);
    }
}
