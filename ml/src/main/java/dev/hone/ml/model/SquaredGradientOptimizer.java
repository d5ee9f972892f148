package dev.hone.ml.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSProp and Adagrad written with plain NDArray operations: DJL's PyTorch engine implements only
 * the Adam and SGD update kernels. Both scale each step by a running sum of squared gradients
 * {@code s}: {@code w -= lr * g / (sqrt(s) + eps)}, with {@code s = rho * s + (1 - rho) * g^2}
 * for RMSProp (PyTorch's defaults: rho 0.99, eps 1e-8) and {@code s += g^2} for Adagrad (eps 1e-10).
 */
final class SquaredGradientOptimizer extends Optimizer {

    private final float learningRate;
    private final float rho;
    private final float epsilon;
    private final boolean accumulate;
    private final Map<String, Map<Device, NDArray>> squares = new ConcurrentHashMap<>();

    private SquaredGradientOptimizer(float learningRate, float rho, float epsilon, boolean accumulate) {
        super(new Builder());
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
        this.accumulate = accumulate;
    }

    static SquaredGradientOptimizer rmsProp(float learningRate) {
        return new SquaredGradientOptimizer(learningRate, 0.99f, 1e-8f, false);
    }

    static SquaredGradientOptimizer adagrad(float learningRate) {
        return new SquaredGradientOptimizer(learningRate, 1f, 1e-10f, true);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray s = withDefaultState(squares, parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NDArray g2 = grad.square()) {
            if (accumulate) {
                s.addi(g2);
            } else {
                s.muli(rho).addi(g2.muli(1 - rho));
            }
        }
        // The update goes through a detached view of the weight (PyTorch's p.data): gradient
        // recording is on by default in a thread that did not load the engine, and an in-place
        // change of a leaf that requires a gradient is refused there.
        try (NDArray denominator = s.sqrt().addi(epsilon); NDArray step = grad.div(denominator);
                NDArray data = weight.stopGradient()) {
            data.subi(step.muli(learningRate));
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
