package dev.hone.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessRequestTest {

    private static TrainingSettings encoded(NumericScaling scaling) {
        return new TrainingSettings(null, null, null, null, null, null, null, null, null, null, scaling, null, null);
    }

    private static TuningSpec searching(ParameterDef... parameters) {
        return new TuningSpec(Sampler.GP, Pruner.NONE, "validation_loss", Direction.MINIMIZE, 10, 1, 2, 9, 3,
                List.of(parameters));
    }

    @Test
    void aRunWithoutAnEncodingOrAStudyFitsTheStandardTransformAlone() {
        assertThat(PreprocessRequest.numericScalings(null, null)).containsExactly(NumericScaling.STANDARD);
        assertThat(PreprocessRequest.numericScalings(TrainingSettings.defaults(), null))
                .containsExactly(NumericScaling.STANDARD);
    }

    @Test
    void theRunsOwnEncodingComesFirstThenEachOtherOneItsStudySearches() {
        TuningSpec study = searching(
                new ParameterDef("learningRate", ParameterType.FLOAT, 1e-4, 1e-2, true, null, null, null, null),
                new ParameterDef("numericScaling", ParameterType.CATEGORICAL, null, null, null, null,
                        List.of("STANDARD", "piecewise_linear", "QUANTILE"), null, null));
        assertThat(PreprocessRequest.numericScalings(encoded(NumericScaling.PIECEWISE_LINEAR), study))
                .containsExactly(NumericScaling.PIECEWISE_LINEAR, NumericScaling.STANDARD, NumericScaling.QUANTILE);
        assertThat(PreprocessRequest.numericScalings(null, searching(
                new ParameterDef("dropout", ParameterType.FLOAT, 0.0, 0.5, null, null, null, null, null))))
                .as("a study that does not search the encoding adds none").containsExactly(NumericScaling.STANDARD);
    }
}
