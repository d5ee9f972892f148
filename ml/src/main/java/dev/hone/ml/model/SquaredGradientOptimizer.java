package dev.hone.ml.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSProp and Adagrad written with plain NDArray operations: DJL's PyTorch engine implements only
 * the Adam and SGD update kernels. Both scale each step by a running sum of squared gradients
 * {@code s}: {@code w -= lr * g / (sqrt(s) + eps)}, with {@code s = rho * s + (1 - rho) * g^2}
 * for RMSProp (PyTorch's defaults: rho 0.99, eps 1e-8) and {@code s += g^2} for Adagrad (eps 1e-10). A weight
 * decay adds {@code weightDecay * w} to the gradient first, as PyTorch's {@code weight_decay} does. The weight's
 * gradient is zeroed after the update, as DJL's fused Adam and SGD updates do: PyTorch adds each backward pass to it.
 */
final class SquaredGradientOptimizer extends Optimizer {

    private final float learningRate;
    private final float rho;
    private final float epsilon;
    private final boolean accumulate;
    private final float weightDecay;
    private final Map<String, Map<Device, NDArray>> squares = new ConcurrentHashMap<>();

    private SquaredGradientOptimizer(float learningRate, float rho, float epsilon, boolean accumulate,
            float weightDecay) {
        super(new Builder());
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
        this.accumulate = accumulate;
        this.weightDecay = weightDecay;
    }

    static SquaredGradientOptimizer rmsProp(float learningRate) {
        return rmsProp(learningRate, 0);
    }

    static SquaredGradientOptimizer rmsProp(float learningRate, float weightDecay) {
        return new SquaredGradientOptimizer(learningRate, 0.99f, 1e-8f, false, weightDecay);
    }

    static SquaredGradientOptimizer adagrad(float learningRate) {
        return adagrad(learningRate, 0);
    }

    static SquaredGradientOptimizer adagrad(float learningRate, float weightDecay) {
        return new SquaredGradientOptimizer(learningRate, 1f, 1e-10f, true, weightDecay);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray gradient) {
        NDArray s = withDefaultState(squares, parameterId, weight.getDevice(), k -> weight.zerosLike());
        if (weightDecay == 0) {
            update(s, weight, gradient);
        } else {
            try (NDArray data = weight.stopGradient(); NDArray decay = data.mul(weightDecay);
                    NDArray decayed = gradient.add(decay)) {
                update(s, weight, decayed);
            }
        }
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        }
    }

    private void update(NDArray s, NDArray weight, NDArray grad) {
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
