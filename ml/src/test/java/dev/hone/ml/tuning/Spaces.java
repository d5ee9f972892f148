package dev.hone.ml.tuning;

import java.util.Map;

/** Search spaces shared by the tuning tests. */
final class Spaces {

    private Spaces() {}

    /** Where {@link #shiftedSphere} has its minimum, 0. */
    static final double[] SHIFT = {1.5, -2.5, 0.5, 3.7, -1.1};

    /** x0..x4, each uniform in [-5, 5]. */
    static SearchSpace sphere() {
        java.util.List<ParameterSpec> params = new java.util.ArrayList<>();
        for (int i = 0; i < SHIFT.length; i++) {
            params.add(FloatParameter.uniform("x" + i, -5, 5));
        }
        return new SearchSpace(params);
    }

    /** Squared distance from {@link #SHIFT}: a sphere in 5 dimensions over {@link #sphere()}. */
    static double shiftedSphere(Map<String, Object> p) {
        double sum = 0;
        for (int i = 0; i < SHIFT.length; i++) {
            double d = (Double) p.get("x" + i) - SHIFT[i];
            sum += d * d;
        }
        return sum;
    }

    /**
     * The space of the project issue: an MLP's learning rate, batch size, epoch budget, dropout,
     * weight decay, activation, optimizer (momentum only for SGD), number of hidden layers and a
     * width per layer that exists only when the layer does.
     */
    static SearchSpace mlp() {
        return SearchSpace.of(
                FloatParameter.logUniform("learningRate", 1e-5, 1e-1),
                IntParameter.logUniform("batchSize", 16, 512),
                IntParameter.stepped("epochs", 10, 50, 10),
                FloatParameter.uniform("dropout", 0.0, 0.5),
                FloatParameter.logUniform("weightDecay", 1e-6, 1e-2),
                CategoricalParameter.of("activation", "relu", "tanh", "gelu"),
                CategoricalParameter.of("optimizer", "adam", "sgd", "adamw"),
                FloatParameter.uniform("momentum", 0.5, 0.99).when(Condition.when("optimizer", "sgd")),
                IntParameter.uniform("layers", 1, 3),
                IntParameter.logUniform("width1", 8, 256),
                IntParameter.logUniform("width2", 8, 256).when(Condition.when("layers", "2", "3")),
                IntParameter.logUniform("width3", 8, 256).when(Condition.when("layers", "3")));
    }

    /**
     * A made-up validation loss over {@link #mlp()} with its optimum at learning rate 3e-3, batch
     * 64, 30 epochs, dropout 0.2, weight decay 1e-4, gelu, adamw, two layers of 128 and 64.
     */
    static double mlpLoss(Map<String, Object> p) {
        double loss = sq(Math.log10((Double) p.get("learningRate") / 3e-3))
                + 0.5 * sq(Math.log((Integer) p.get("batchSize") / 64.0) / Math.log(2))
                + sq(((Integer) p.get("epochs") - 30) / 20.0)
                + 4 * sq((Double) p.get("dropout") - 0.2)
                + 0.3 * sq(Math.log10((Double) p.get("weightDecay") / 1e-4))
                + switch ((String) p.get("activation")) {
                    case "gelu" -> 0.0;
                    case "relu" -> 0.2;
                    default -> 0.6;
                }
                + switch ((String) p.get("optimizer")) {
                    case "adamw" -> 0.0;
                    case "adam" -> 0.1;
                    default -> 0.5 + 2 * sq((Double) p.get("momentum") - 0.9);
                };
        int layers = (Integer) p.get("layers");
        loss += 0.4 * Math.abs(layers - 2);
        loss += 0.3 * sq(Math.log((Integer) p.get("width1") / 128.0) / Math.log(2));
        if (layers >= 2) {
            loss += 0.3 * sq(Math.log((Integer) p.get("width2") / 64.0) / Math.log(2));
        }
        if (layers == 3) {
            loss += 0.1 * sq(Math.log((Integer) p.get("width3") / 32.0) / Math.log(2));
        }
        return loss;
    }

    private static double sq(double x) {
        return x * x;
    }
}
