package dev.hone.ml.data;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The most frequent values of a stream (Misra and Gries 1982) in {@value #CAPACITY} counters: every
 * value that occurs more than rows / {@value #CAPACITY} times is kept, and each kept count is at most
 * that much below the true count (never above it).
 */
final class FrequentValues {

    static final int CAPACITY = 100;

    private final Map<Object, long[]> counters = new HashMap<>();

    void add(Object value, long count) {
        long[] counter = counters.get(value);
        if (counter != null) {
            counter[0] += count;
            return;
        }
        if (counters.size() < CAPACITY) {
            counters.put(value, new long[] {count});
            return;
        }
        // Full: take the smaller of this count and the smallest counter from every counter and
        // from this value; counters that reach zero make room. Each value pays for its own
        // removal, so this costs O(1) per added value on average.
        long smallest = count;
        for (long[] c : counters.values()) {
            smallest = Math.min(smallest, c[0]);
        }
        for (Iterator<long[]> it = counters.values().iterator(); it.hasNext(); ) {
            long[] c = it.next();
            c[0] -= smallest;
            if (c[0] == 0) {
                it.remove();
            }
        }
        if (count > smallest) {
            counters.put(value, new long[] {count - smallest});
        }
    }

    /** The kept values and their (lower-bound) counts. */
    Map<Object, Long> counts() {
        Map<Object, Long> out = new HashMap<>();
        counters.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
