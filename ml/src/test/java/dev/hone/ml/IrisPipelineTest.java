package dev.hone.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.data.TestTables;
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
import dev.hone.vocabulary.Task;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The whole path on a real data set: CSV, preprocessing, training with defaults, test metrics. */
class IrisPipelineTest {

    @Test
    void defaultPipelineClassifiesIris() throws Exception {
        DataTable iris;
        try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
            iris = TestTables.read(in);
        }

        PreprocessingResult p = Preprocessor.run(iris, PreprocessingOptions.defaults("species", 42));
        FittedTransform t = p.transform();

        assertThat(p.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(t.classLabels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.featureCount()).isEqualTo(4);
        assertThat(p.split().test().rowCount()).isEqualTo(21);
        assertThat(p.quality().imbalanceRatio()).isEqualTo(1.0);
        // iris has one exact duplicate row (5.8,2.7,5.1,1.9,virginica) and nothing else to report
        assertThat(p.quality().duplicateRows()).isEqualTo(1);
        assertThat(p.quality().issues()).hasSize(1);

        TrainingResult r = MlpTrainer.trainClassifier(
                t.transform(p.split().train()), t.encodeClasses(p.split().train()),
                t.transform(p.split().validation()), t.encodeClasses(p.split().validation()),
                3, MlpConfig.defaults(42), null);

        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 4, 3, r.config())) {
            ClassificationMetrics m = ClassificationMetrics.compute(
                    t.encodeClasses(p.split().test()), model.predictRaw(t.transform(p.split().test())),
                    t.classLabels());
            assertThat(r.best().validationMetric()).isGreaterThanOrEqualTo(0.95);
            // The seed-42 test split (21 rows) is a hard one: scikit-learn 1.2.1's
            // LogisticRegression and KNeighborsClassifier, fitted on the same standardized train
            // split, get 19/21 = 0.905, the best any model we tried reached. The defaults (Adam
            // 3e-3, up to 200 epochs) reach it too; a broken pipeline (about 1/3) is far below.
            assertThat(m.accuracy()).isGreaterThanOrEqualTo(19 / 21.0);
            assertThat(m.rocAuc()).isGreaterThan(0.9);
        }
    }
}
