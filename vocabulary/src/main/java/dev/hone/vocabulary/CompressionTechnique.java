package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("A way of making a trained network cheaper to serve")
public enum CompressionTechnique {
    @Description("Post-training int8 quantization: int8 weights with a scale per unit, computed in plain Java")
    QUANTIZE_INT8,
    @Description("Structured magnitude pruning: whole hidden units removed in steps, fine-tuned after each")
    PRUNE_UNITS,
    @Description("Knowledge distillation: a smaller network trained on the model's softened answers and the labels")
    DISTIL;

    @JsonCreator
    public static CompressionTechnique of(String name) {
        return Names.parse(CompressionTechnique.class, name);
    }
}
