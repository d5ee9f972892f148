package dev.hone.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.data.CsvReader;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.PreprocessingOptions;
import dev.hone.ml.preprocess.PreprocessingResult;
import dev.hone.ml.preprocess.Preprocessor;
import dev.hone.ml.preprocess.TaskType;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The whole path on a real data set: CSV, preprocessing, training with defaults, test metrics. */
class IrisPipelineTest {

    @Test
    void defaultPipelineClassifiesIris() throws Exception {
        DataTable iris;
        try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
            iris = CsvReader.read(in);
        }

        PreprocessingResult p = Preprocessor.run(iris, PreprocessingOptions.defaults("species", 42));
        FittedTransform t = p.transform();

        assertThat(p.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(t.classLabels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.featureCount()).isEqualTo(4);
        assertThat(p.split().test().rowCount()).isEqualTo(21);
        assertThat(p.quality().imbalanceRatio()).isEqualTo(1.0);

        TrainingResult r = MlpTrainer.trainClassifier(
                t.transform(p.split().train()), t.encodeClasses(p.split().train()),
                t.transform(p.split().validation()), t.encodeClasses(p.split().validation()),
                3, MlpConfig.defaults(42), null);

        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 4, 3, r.config())) {
            ClassificationMetrics m = ClassificationMetrics.compute(
                    t.encodeClasses(p.split().test()), model.predictRaw(t.transform(p.split().test())),
                    t.classLabels());
            assertThat(m.accuracy()).isGreaterThanOrEqualTo(0.9);
            assertThat(m.rocAuc()).isGreaterThan(0.95);
        }
    }
}
