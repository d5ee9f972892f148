package dev.hone.ml.preprocess;

import dev.hone.ml.data.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The order of class labels, which fixes the meaning of each model output. */
final class ClassLabels {

    private ClassLabels() {}

    /**
     * Labels sorted by number when all are numbers ("2" before "10"), else by string. For a
     * binary task the second label is the positive class ("1", "true", "yes").
     */
    static List<String> sorted(Collection<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        boolean numeric = sorted.stream().allMatch(l -> Values.parseNumber(l) != null);
        Comparator<String> order =
                numeric
                        ? Comparator.<String>comparingDouble(Values::parseNumber)
                                .thenComparing(Comparator.naturalOrder())
                        : Comparator.naturalOrder();
        sorted.sort(order);
        return List.copyOf(sorted);
    }
}
