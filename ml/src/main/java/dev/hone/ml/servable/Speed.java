package dev.hone.ml.servable;

import java.util.Arrays;

/**
 * How fast a model answers on this process's CPU, as compression compares candidates: the median latency
 * of one row alone, and rows per second in batches of 64. Both after a warm-up (JIT, native libraries), in
 * the calling thread, the best of {@link #ROUNDS} rounds.
 *
 * @param batch1Micros median microseconds of {@link ServableModel#predict} on one row (the lowest round's)
 * @param rowsPerSecond rows per second over {@link ServableModel#predict} calls of 64 rows (the highest round's)
 */
public record Speed(double batch1Micros, double rowsPerSecond) {

    /** Rows per call for the throughput figure. */
    public static final int BATCH = 64;

    /** Warm-up lasts at least this long (and {@code calls / 4} calls of each size): the JIT compiles as it goes. */
    static final long WARM_UP_NANOS = 300_000_000L;

    /** Each figure is the best of this many rounds, so that one stretch of a busy neighbour does not decide it. */
    static final int ROUNDS = 3;

    /**
     * Measures a model on these rows (any number; they are cycled): after a warm-up of both sizes ({@link
     * #WARM_UP_NANOS}), {@link #ROUNDS} rounds of {@code calls / ROUNDS} single-row calls and {@code calls / 8 /
     * ROUNDS} 64-row calls; the lowest round median and the highest round throughput.
     */
    public static Speed measure(ServableModel model, float[][] rows, int calls) {
        if (rows.length == 0 || calls < 1) {
            throw new IllegalArgumentException("measuring needs rows and calls, had " + rows.length + " and " + calls);
        }
        float[][] batch = new float[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            batch[i] = rows[i % rows.length];
        }
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < Math.max(1, calls / 4) || System.nanoTime() < warmUntil; i++) {
            model.predict(new float[][] {rows[i % rows.length]});
            model.predict(batch);
        }
        double batch1Micros = Double.POSITIVE_INFINITY;
        double rowsPerSecond = 0;
        long[] single = new long[Math.max(1, calls / ROUNDS)];
        int batches = Math.max(1, calls / 8 / ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < single.length; i++) {
                float[][] one = {rows[i % rows.length]};
                long start = System.nanoTime();
                model.predict(one);
                single[i] = System.nanoTime() - start;
            }
            Arrays.sort(single);
            batch1Micros = Math.min(batch1Micros, single[single.length / 2] / 1000.0);
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                model.predict(batch);
            }
            rowsPerSecond = Math.max(rowsPerSecond, batches * (double) BATCH / ((System.nanoTime() - start) / 1e9));
        }
        return new Speed(batch1Micros, rowsPerSecond);
    }
}
