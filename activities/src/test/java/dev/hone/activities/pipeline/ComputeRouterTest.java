package dev.hone.activities.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeRouterTest {

    @Test
    void parametersCountWeightsAndBiasesOfEveryLayer() {
        // 4 inputs, 64-64 hidden, 3 classes: 5*64 + 65*64 + 65*3.
        assertThat(ComputeRouter.parameters(4, List.of(64, 64), 3)).isEqualTo(320 + 4160 + 195);
        assertThat(ComputeRouter.parameters(10, List.of(), 1)).isEqualTo(11);
    }

    @Test
    void autoTakesTheGpuOnlyForLargeWorkWhereAGpuWorkerPolls() {
        // 200,000 rows x 10,000+ parameters is above the threshold; 150 iris rows are far below it.
        List<Integer> wide = List.of(96, 96);
        assertThat(ComputeRouter.route(Device.AUTO, 200_000, 10, wide, 2, 1).device()).isEqualTo(Device.GPU);
        assertThat(ComputeRouter.route(Device.AUTO, 200_000, 10, wide, 2, 0).device()).isEqualTo(Device.CPU);
        assertThat(ComputeRouter.route(Device.AUTO, 105, 4, List.of(64, 64), 3, 1))
                .satisfies(r -> {
                    assertThat(r.device()).isEqualTo(Device.CPU);
                    assertThat(r.reason()).isEqualTo("AUTO chose CPU: 105 training rows x 4,675 parameters = 490,875"
                            + " per epoch, below the 1,000,000,000 from which a GPU pays (1 GPU worker process polls"
                            + " mlops-gpu)");
                });
    }

    @Test
    void gpuStaysOnTheGpuQueueAndSaysWhenNoWorkerPollsIt() {
        assertThat(ComputeRouter.route(Device.GPU, 105, 4, List.of(64, 64), 3, 0)).satisfies(r -> {
            assertThat(r.device()).isEqualTo(Device.GPU);
            assertThat(r.reason()).contains("no GPU worker polls mlops-gpu now: the run waits for one");
        });
        assertThat(ComputeRouter.route(Device.GPU, 105, 4, List.of(64, 64), 3, 2).reason())
                .isEqualTo("GPU as asked: 2 GPU worker processes poll mlops-gpu");
    }
}
