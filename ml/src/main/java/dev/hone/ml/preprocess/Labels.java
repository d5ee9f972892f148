package dev.hone.ml.preprocess;

import dev.hone.ml.data.CategoricalColumn;
import dev.hone.ml.data.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target column read as class labels: the label of each row as an index into {@code names}
 * (-1 where the row has no value), with the names in first-seen order. A number is labelled by its
 * text without a needless ".0" ("1", not "1.0").
 */
record Labels(int[] codes, List<String> names) {

    static Labels of(Column column) {
        int[] codes = new int[column.size()];
        List<String> names = new ArrayList<>();
        if (column instanceof CategoricalColumn c) {
            // The dictionary is the labels already; renumber to first-seen order.
            int[] renumbered = new int[c.dictionary().size()];
            java.util.Arrays.fill(renumbered, -1);
            for (int r = 0; r < codes.length; r++) {
                int code = c.code(r);
                if (code >= 0 && renumbered[code] < 0) {
                    renumbered[code] = names.size();
                    names.add(c.dictionary().get(code));
                }
                codes[r] = code < 0 ? -1 : renumbered[code];
            }
        } else {
            Map<String, Integer> index = new HashMap<>();
            for (int r = 0; r < codes.length; r++) {
                String label = column.text(r);
                codes[r] = label == null ? -1 : index.computeIfAbsent(label, l -> {
                    names.add(l);
                    return names.size() - 1;
                });
            }
        }
        return new Labels(codes, List.copyOf(names));
    }

    /** Rows per label, in {@code names} order. */
    long[] counts() {
        long[] counts = new long[names.size()];
        for (int code : codes) {
            if (code >= 0) {
                counts[code]++;
            }
        }
        return counts;
    }
}
