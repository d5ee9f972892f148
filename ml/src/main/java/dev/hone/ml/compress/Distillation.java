package dev.hone.ml.compress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Knowledge distillation's choices: which smaller students to train from a teacher, and the defaults of the
 * loss ({@link dev.hone.ml.model.MlpTrainer#distilClassifier} trains them).
 */
public final class Distillation {

    /** Softening of the teacher's probabilities: Hinton et al. used 2-20; 4 is common for small class counts. */
    public static final double TEMPERATURE = 4;

    /** Weight of the teacher's softened answers against the true labels. */
    public static final double ALPHA = 0.7;

    /** No hidden layer of a student is narrower than this. */
    static final int MIN_WIDTH = 4;

    private Distillation() {}

    /**
     * Student architectures for a teacher's hidden layers, largest first: every layer at half its width,
     * every layer at a quarter, and one layer at a quarter of the first's width (at least {@link #MIN_WIDTH}
     * units each); those no smaller than the teacher are left out.
     */
    public static List<List<Integer>> students(List<Integer> teacher) {
        Set<List<Integer>> out = new LinkedHashSet<>();
        if (teacher.isEmpty()) {
            return List.of();
        }
        out.add(scaled(teacher, 2));
        out.add(scaled(teacher, 4));
        out.add(List.of(Math.max(MIN_WIDTH, teacher.getFirst() / 4)));
        long teacherUnits = teacher.stream().mapToLong(Integer::longValue).sum();
        List<List<Integer>> smaller = new ArrayList<>();
        for (List<Integer> student : out) {
            if (student.stream().mapToLong(Integer::longValue).sum() < teacherUnits) {
                smaller.add(student);
            }
        }
        return smaller;
    }

    private static List<Integer> scaled(List<Integer> widths, int divisor) {
        return widths.stream().map(w -> Math.max(MIN_WIDTH, w / divisor)).toList();
    }
}
