package dev.hone.ml.servable;

import java.util.Arrays;

/**
 * How fast a model answers on this process's CPU, as compression compares candidates: the median latency
 * of one row alone, and rows per second in batches of 64. Both after a warm-up (JIT, native libraries), in
 * the calling thread.
 *
 * @param batch1Micros median microseconds of {@link ServableModel#predict} on one row
 * @param rowsPerSecond rows per second over {@link ServableModel#predict} calls of 64 rows
 */
public record Speed(double batch1Micros, double rowsPerSecond) {

    /** Rows per call for the throughput figure. */
    public static final int BATCH = 64;

    /** Warm-up lasts at least this long (and {@code calls / 4} calls of each size): the JIT compiles as it goes. */
    static final long WARM_UP_NANOS = 300_000_000L;

    /**
     * Measures a model on these rows (any number; they are cycled): {@code calls} single-row calls and
     * {@code calls / 8} 64-row calls, after a warm-up of both ({@link #WARM_UP_NANOS}).
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
        long[] single = new long[calls];
        for (int i = 0; i < calls; i++) {
            float[][] one = {rows[i % rows.length]};
            long start = System.nanoTime();
            model.predict(one);
            single[i] = System.nanoTime() - start;
        }
        Arrays.sort(single);
        int batches = Math.max(1, calls / 8);
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            model.predict(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Speed(single[calls / 2] / 1000.0, batches * (double) BATCH / seconds);
    }
}
