package dev.hone.ml.tuning;

/**
 * The random stream of one proposal: SplitMix64 (Steele, Lea and Flood, 2014) started from
 * {@code mix64(seed ^ mix64(trialNumber + GOLDEN_GAMMA))}, where {@code mix64} is the 64-bit
 * finalizer of SplitMix64. Spelled out here rather than borrowed from {@code java.util} because
 * proposals must stay the same across JDK versions and machines: the generator, the derivation and
 * every transform use only integer arithmetic, IEEE division and square root, and
 * {@link StrictMath}.
 */
final class TrialRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private TrialRandom(long state) {
        this.state = state;
    }

    /** The stream for proposing trial {@code trialNumber} of a study with seed {@code seed}. */
    static TrialRandom forTrial(long seed, int trialNumber) {
        return new TrialRandom(mix64(seed ^ mix64(trialNumber + GOLDEN_GAMMA)));
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high]. */
    double nextDouble(double low, double high) {
        double x = low + (high - low) * nextDouble();
        return Math.min(Math.max(x, low), high);
    }

    /** Uniform in [0, bound), without modulo bias. */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound) - 1; // accept r <= limit
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r > limit);
        return r % bound;
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Standard normal, by Marsaglia's polar method (one of each pair is dropped, for simplicity). */
    double nextGaussian() {
        while (true) {
            double u = 2 * nextDouble() - 1;
            double v = 2 * nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            }
        }
    }
}
