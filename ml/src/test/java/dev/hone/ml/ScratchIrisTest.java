package dev.hone.ml;

import dev.hone.ml.data.CsvReader;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.model.*;
import dev.hone.ml.preprocess.*;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchIrisTest {
    @Test
    void scratch() throws Exception {
        DataTable iris = CsvReader.read(getClass().getResourceAsStream("/datasets/iris.csv"));
        for (long seed : new long[] {42, 1, 2, 3}) {
        PreprocessingResult p = Preprocessor.run(iris, PreprocessingOptions.defaults("species", seed));
        FittedTransform t = p.transform();
        for (int epochs : new int[] {100, 300}) {
            MlpConfig d = MlpConfig.defaults(42);
            MlpConfig cfg = new MlpConfig(d.hiddenLayers(), d.activation(), d.dropout(), d.weightDecay(), d.learningRate(), d.batchSize(), epochs, d.patience(), 42);
            TrainingResult r = MlpTrainer.trainClassifier(
                t.transform(p.split().train()), t.encodeClasses(p.split().train()),
                t.transform(p.split().validation()), t.encodeClasses(p.split().validation()),
                3, cfg, null);
            try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 4, 3, r.config())) {
                ClassificationMetrics m = ClassificationMetrics.compute(
                    t.encodeClasses(p.split().test()), model.predictRaw(t.transform(p.split().test())), t.classLabels());
                org.slf4j.LoggerFactory.getLogger("scratch").info("seed {} epochs {} best {} val {} test acc {} cm {}", seed, epochs, r.bestEpoch(), r.best().validationMetric(), m.accuracy(), Arrays.deepToString(m.confusionMatrix()));
            }
        }
        }
    }
}
