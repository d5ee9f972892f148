package dev.hone.ml.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of {@value #SIZE} numbers from a stream (reservoir sampling, Vitter's Algorithm
 * R), seeded so a profile is the same every time. A histogram scaled from it puts each bin's share
 * within about 1/sqrt({@value #SIZE}), 1.6 percentage points, of the truth.
 */
final class ValueSample {

    static final int SIZE = 4096;

    private final double[] values = new double[SIZE];
    private final SplittableRandom random = new SplittableRandom(0x5eed);
    private long seen;

    void add(double value) {
        if (seen < SIZE) {
            values[(int) seen] = value;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < SIZE) {
                values[(int) slot] = value;
            }
        }
        seen++;
    }

    /** Each sampled value with its count scaled to {@code total} values. */
    java.util.Map<Object, Long> counts(long total) {
        int size = (int) Math.min(seen, SIZE);
        java.util.Map<Object, Long> sampled = new java.util.HashMap<>();
        for (int i = 0; i < size; i++) {
            sampled.merge(values[i], 1L, Long::sum);
        }
        sampled.replaceAll((value, count) -> Math.max(1, Math.round((double) count * total / size)));
        return sampled;
    }

    /**
     * Equal-width bins from min to max (exact bounds of the whole column), with the sample's counts
     * scaled to {@code total} values; the counts add up to {@code total}.
     */
    List<Long> histogram(double min, double max, int bins, long total) {
        int size = (int) Math.min(seen, SIZE);
        int width = max > min ? bins : 1;
        long[] sampled = new long[width];
        for (int i = 0; i < size; i++) {
            sampled[Profiler.bin(values[i], min, max, width)]++;
        }
        long[] scaled = new long[width];
        long sum = 0;
        int largest = 0;
        for (int b = 0; b < width; b++) {
            scaled[b] = size == 0 ? 0 : Math.round((double) sampled[b] * total / size);
            sum += scaled[b];
            largest = scaled[b] > scaled[largest] ? b : largest;
        }
        // Rounding may leave the sum a few values off: the largest bin absorbs the difference.
        scaled[largest] += total - sum;
        List<Long> out = new ArrayList<>(width);
        for (long count : scaled) {
            out.add(count);
        }
        return out;
    }
}
