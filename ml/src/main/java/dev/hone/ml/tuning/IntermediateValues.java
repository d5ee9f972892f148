package dev.hone.ml.tuning;

/** Reading a trial's per-step values, for the pruners. */
final class IntermediateValues {

    private IntermediateValues() {}

    /** The value of {@code trial} at {@code step} (from 1), checking that it was reported. */
    static double at(Trial trial, int step) {
        if (step < 1 || step > trial.intermediate().size()) {
            throw new IllegalArgumentException("Trial " + trial.number() + " has values for steps 1.."
                    + trial.intermediate().size() + ", asked about step " + step);
        }
        return trial.intermediate().get(step - 1);
    }
}
