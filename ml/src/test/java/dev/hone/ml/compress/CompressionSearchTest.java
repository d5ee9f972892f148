package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.compress.CompressionChoice.Budget;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.compress.search.CompressionSearch.Candidate;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.model.TrainingListener;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class CompressionSearchTest {

    private static CompressionSearch.Data data(TrainedNetworks.Task task) {
        return new CompressionSearch.Data(true, TrainedNetworks.CLASSES, task.train(), task.trainClasses(), null,
                task.validation(), task.validationClasses(), null);
    }

    private static CompressionSearch.Parent parent(TrainedNetworks.Task task) {
        return CompressionSearch.Parent.of(task.result(), true);
    }

    private static MlpConfig tune(TrainedNetworks.Task task) {
        return task.config().withEpochs(4);
    }

    @Test
    void everyTechniqueGivesItsCandidatesAndTheirInt8Forms() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        List<String> made = new ArrayList<>();
        List<Candidate> candidates = CompressionSearch.candidates(parent(task), data(task),
                EnumSet.allOf(CompressionTechnique.class), tune(task), (done, making) -> made.add(making),
                TrainingListener.NONE);
        assertThat(candidates).extracting(Candidate::name).containsExactly("int8", "units -50% [32, 32]",
                "units -50% [32, 32], int8", "units -80% [13, 13]", "units -80% [13, 13], int8", "student [32, 32]",
                "student [32, 32], int8", "student [16, 16]", "student [16, 16], int8", "student [16]",
                "student [16], int8");
        assertThat(made).hasSize(candidates.size());
        assertThat(candidates.get(2).steps()).containsExactly(CompressionTechnique.PRUNE_UNITS,
                CompressionTechnique.QUANTIZE_INT8);
        assertThat(candidates).filteredOn(c -> c.name().endsWith("int8"))
                .allMatch(c -> c.artifact().kind() == ModelKind.INT8_MLP);
        assertThat(candidates).filteredOn(c -> !c.name().endsWith("int8"))
                .allMatch(c -> c.artifact().kind() == ModelKind.FLOAT_MLP);

        CompressionSearch.Data d = data(task);
        Measured parent = CompressionSearch.measure("float32", dev.hone.ml.servable.FloatMlpFormat.write(task.result(),
                true), task.network().parameterCount(), d, 200);
        List<Measured> measured = candidates.stream().map(c -> CompressionSearch.measure(c.name(), c.artifact(),
                c.parameters(), d, 200)).toList();
        CompressionSearch.Outcome outcome = CompressionSearch.choose(parent, measured, d, Budget.DEFAULT,
                CompressionObjective.SIZE);
        Measured chosen = outcome.chosen().orElseThrow();
        assertThat(chosen.metric()).isGreaterThanOrEqualTo(parent.metric() - 0.01);
        assertThat(chosen.bytes()).isLessThan(parent.bytes() / 4);
        assertThat(outcome.front()).contains(chosen);
    }

    @Test
    void onlyTheTechniquesAskedAreUsed() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        assertThat(CompressionSearch.candidates(parent(task), data(task), Set.of(CompressionTechnique.DISTIL),
                tune(task), (done, making) -> { }, TrainingListener.NONE)).extracting(Candidate::name)
                .containsExactly("student [32, 32]", "student [16, 16]", "student [16]");
        assertThatThrownBy(() -> CompressionSearch.candidates(parent(task), data(task), Set.of(), tune(task),
                (done, making) -> { }, TrainingListener.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one technique");
    }

    /**
     * An ensemble (here the trained network twice over) is quantized network by network into one int8 ensemble,
     * which answers as the float ensemble does within int8's rounding, and is not pruned.
     */
    @Test
    void anEnsembleIsQuantizedNetworkByNetworkAndNotPruned() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        CompressionSearch.Parent single = parent(task);
        ModelDescriptor two = new ModelDescriptor(single.descriptor().config().withEnsembleSize(2),
                single.descriptor().inputSize(), single.descriptor().outputSize(), true);
        CompressionSearch.Parent ensemble = new CompressionSearch.Parent(List.of(task.network(), task.network()), two);

        List<Candidate> candidates = CompressionSearch.candidates(ensemble, data(task),
                EnumSet.of(CompressionTechnique.QUANTIZE_INT8, CompressionTechnique.PRUNE_UNITS), tune(task),
                (done, making) -> { }, TrainingListener.NONE);

        assertThat(candidates).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("int8");
            assertThat(c.artifact().kind()).isEqualTo(ModelKind.INT8_MLP_ENSEMBLE);
            assertThat(c.parameters()).isEqualTo(2 * task.network().parameterCount());
        });
        assertThat(CompressionSearch.plannedCount(ensemble, EnumSet.allOf(CompressionTechnique.class)))
                .as("int8, three students and their int8 forms").isEqualTo(7);
        float[][] rows = task.validation();
        float[][] floats = task.network().predict(rows);
        try (var int8 = dev.hone.ml.servable.ServableModels.load(candidates.getFirst().artifact())) {
            float[][] quantized = int8.predict(rows);
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < floats[r].length; c++) {
                    assertThat((double) quantized[r][c]).isCloseTo(floats[r][c], org.assertj.core.data.Offset.offset(0.05));
                }
            }
        }
        assertThatThrownBy(() -> CompressionSearch.candidates(ensemble, data(task),
                EnumSet.of(CompressionTechnique.PRUNE_UNITS), tune(task), (done, making) -> { }, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not pruned");
    }

    @Test
    void aStopAsksInsideTheSearchEndIt() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        List<String> made = new ArrayList<>();
        assertThatThrownBy(() -> CompressionSearch.candidates(parent(task), data(task),
                EnumSet.allOf(CompressionTechnique.class), tune(task), (done, making) -> {
                    made.add(making);
                    if (done == 3) {
                        throw new CancellationException("the run was cancelled");
                    }
                }, TrainingListener.NONE)).isInstanceOf(CancellationException.class);
        assertThat(made).hasSize(4);
    }
}
