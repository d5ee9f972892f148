package dev.hone.serving;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model version's recent answers, keyed by the row as the model sees it (its features after
 * the version's transform: "5.10" and "5.1", or a missing value and its imputed one, are one key).
 * Least recently used answers go first once {@code entries} are kept; an answer older than its
 * time to live is computed again. Each version has its own cache, so no version ever answers with
 * another's.
 */
final class ResponseCache {

    private record Key(float[] features, int hash) {
        Key(float[] features) {
            this(features, Arrays.hashCode(features));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.features, features);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Answer(float[] output, long storedAt) {
    }

    private final long ttlNanos;
    private final Map<Key, Answer> answers;

    ResponseCache(int entries, long ttlNanos) {
        this.ttlNanos = ttlNanos;
        this.answers = new LinkedHashMap<>(Math.min(entries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
                return size() > entries;
            }
        };
    }

    /** The kept output for these features, or null. */
    synchronized float[] get(float[] features) {
        Key key = new Key(features);
        Answer a = answers.get(key);
        if (a == null) {
            return null;
        }
        if (System.nanoTime() - a.storedAt() > ttlNanos) {
            answers.remove(key);
            return null;
        }
        return a.output();
    }

    synchronized void put(float[] features, float[] output) {
        answers.put(new Key(features), new Answer(output, System.nanoTime()));
    }

    synchronized int size() {
        return answers.size();
    }
}
