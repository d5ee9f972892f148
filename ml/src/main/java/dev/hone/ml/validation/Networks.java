package dev.hone.ml.validation;

import dev.hone.ml.model.DenseNetwork;
import java.util.List;

/**
 * A served model as the gradient methods see it: one or more networks whose outputs are averaged (one float
 * network; an ensemble; an int8 network's exact float form, {@code Int8Network.dequantized()}). Its prediction
 * is the one served; its input gradient is the mean of the members' gradients, which is exact for an objective
 * linear in the outputs (a class's probability, a regression output: integrated gradients) and, for the
 * cross-entropy an attack climbs, the usual ensemble attack (the attack is judged by the averaged prediction,
 * so a weaker direction can only understate what an adversary achieves).
 *
 * @param members the networks, all of the same input and output size and task
 */
public record Networks(List<DenseNetwork> members) {

    public Networks {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one network");
        }
        members = List.copyOf(members);
        DenseNetwork first = members.get(0);
        for (DenseNetwork n : members) {
            if (n.inputSize() != first.inputSize() || n.outputSize() != first.outputSize()
                    || n.classifier() != first.classifier()) {
                throw new IllegalArgumentException("The networks of one model must take the same inputs and give "
                        + "the same outputs");
            }
        }
    }

    public static Networks of(DenseNetwork network) {
        return new Networks(List.of(network));
    }

    public int inputSize() {
        return members.get(0).inputSize();
    }

    public int outputSize() {
        return members.get(0).outputSize();
    }

    public boolean classifier() {
        return members.get(0).classifier();
    }

    /** The mean of the members' outputs (a classifier's probabilities), one row per input row. */
    public float[][] predict(float[][] x) {
        if (members.size() == 1) {
            return members.get(0).predict(x);
        }
        float[][] sum = new float[x.length][outputSize()];
        for (DenseNetwork n : members) {
            float[][] out = n.predict(x);
            for (int r = 0; r < x.length; r++) {
                for (int c = 0; c < sum[r].length; c++) {
                    sum[r][c] += out[r][c];
                }
            }
        }
        for (float[] row : sum) {
            for (int c = 0; c < row.length; c++) {
                row[c] /= members.size();
            }
        }
        return sum;
    }

    /** The class this model predicts for one row. */
    public int predictClass(float[] row) {
        float[] out = predict(new float[][] {row})[0];
        int best = 0;
        for (int c = 1; c < out.length; c++) {
            if (out[c] > out[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The mean of the members' gradients of {@code objective} with respect to {@code x}. */
    public double[] gradient(float[] x, InputGradient.Objective objective) {
        double[] sum = InputGradient.of(members.get(0), x, objective);
        for (int m = 1; m < members.size(); m++) {
            double[] g = InputGradient.of(members.get(m), x, objective);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i];
            }
        }
        if (members.size() > 1) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= members.size();
            }
        }
        return sum;
    }
}
