package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** One and two steps of RMSProp and Adagrad against the update rules worked out by hand. */
class SquaredGradientOptimizerTest {

    @Test
    void rmsPropFollowsPyTorchsRule() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            NDArray g = m.create(new float[] {0.5f, -1f});
            SquaredGradientOptimizer opt = SquaredGradientOptimizer.rmsProp(0.1f);

            opt.update("w", w, g);
            // s = 0.01 g^2 = [0.0025, 0.01]; g / sqrt(s) = [10, -10]; w -= 0.1 * that
            assertThat(w.toFloatArray()).containsExactly(new float[] {0f, 3f}, within(1e-5f));

            opt.update("w", w, g);
            // s = 0.99 s + 0.01 g^2 = 1.99 * the first s; the step shrinks by sqrt(1.99)
            float step = (float) (1 / Math.sqrt(1.99));
            assertThat(w.toFloatArray()).containsExactly(new float[] {-step, 3f + step}, within(1e-5f));
        }
    }

    @Test
    void updatesAWeightThatRequiresAGradientFromAnotherThread() throws Exception {
        // Worker threads start with gradient recording on; the trainer's weights require gradients.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            NDArray g = m.create(new float[] {0.5f, -1f});
            SquaredGradientOptimizer opt = SquaredGradientOptimizer.rmsProp(0.1f);
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    opt.update("w", w, g);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();

            assertThat(failure.get()).isNull();
            assertThat(w.toFloatArray()).containsExactly(new float[] {0f, 3f}, within(1e-5f));
        }
    }

    @Test
    void adagradAccumulatesSquares() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            NDArray g = m.create(new float[] {0.5f, -1f});
            SquaredGradientOptimizer opt = SquaredGradientOptimizer.adagrad(0.1f);

            opt.update("w", w, g);
            opt.update("w", w, g);
            // s = g^2, then 2 g^2: steps 0.1 * sign(g), then 0.1 * sign(g) / sqrt(2)
            float total = (float) (0.1 + 0.1 / Math.sqrt(2));
            assertThat(w.toFloatArray()).containsExactly(new float[] {1f - total, 2f + total}, within(1e-5f));
        }
    }

    @Test
    void weightDecayAddsToTheGradientFirst() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            NDArray g = m.create(new float[] {0.5f, -1f});
            SquaredGradientOptimizer opt = SquaredGradientOptimizer.adagrad(0.1f, 0.5f);

            opt.update("w", w, g);
            // g + 0.5 w = [1, 0]: s = [1, 0]; steps 0.1 * 1 / 1 and 0 / (0 + eps) = 0
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.9f, 2f}, within(1e-5f));
            assertThat(g.toFloatArray()).containsExactly(0.5f, -1f); // the gradient itself is left as it was
        }
    }
}
