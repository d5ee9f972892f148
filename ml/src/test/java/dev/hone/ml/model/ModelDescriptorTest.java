package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelDescriptorTest {

    @Test
    void survivesJsonAndLoadsTheSameModel() throws Exception {
        Random random = new Random(41);
        Synthetic.Blobs train = Synthetic.Blobs.generate(60, random);
        MlpConfig cfg = new MlpConfig(List.of(8), Activation.SIGMOID, 0.1, 1e-4, 0.01, null, 16, 2, 2, 3);
        TrainingResult r = MlpTrainer.trainClassifier(train.x(), train.y(), train.x(), train.y(), 3, cfg, null);
        ObjectMapper json = new ObjectMapper();

        ModelDescriptor d = ModelDescriptor.of(r, true);
        ModelDescriptor back = json.readValue(json.writeValueAsString(d), ModelDescriptor.class);

        assertThat(back).isEqualTo(d);
        try (MlpModel direct = MlpModel.loadClassifier(r.parameters(), 2, 3, cfg);
                MlpModel viaDescriptor = back.load(r.parameters())) {
            assertThat(viaDescriptor.predictRaw(train.x())).isDeepEqualTo(direct.predictRaw(train.x()));
        }
    }

    @Test
    void aDescriptorWrittenBeforeEnsemblesAndEncodingsDescribesOneNetworkOnStandardizedInputs() throws Exception {
        String old = """
                {"config":{"hiddenLayers":[8],"activation":"RELU","dropout":0.1,"weightDecay":1.0E-4,
                "learningRate":0.003,"optimizer":"ADAM","batchSize":32,"maxEpochs":200,"patience":20,"seed":7,
                "classWeights":"BALANCED"},"inputSize":4,"outputSize":3,"classifier":true}""";
        ModelDescriptor d = new ObjectMapper().readValue(old, ModelDescriptor.class);
        assertThat(d.config().ensembleSize()).isEqualTo(1);
        assertThat(d.config().numericScaling()).isEqualTo(dev.hone.vocabulary.NumericScaling.STANDARD);
        assertThat(d.config().classWeights()).isEqualTo(dev.hone.vocabulary.ClassWeights.BALANCED);
    }
}
