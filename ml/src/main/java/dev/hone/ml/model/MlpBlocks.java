package dev.hone.ml.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;

/** Builds the network for a config; training and loading must build the same layout. */
final class MlpBlocks {

    static final String ENGINE = "PyTorch";

    private MlpBlocks() {}

    static Block build(int outputSize, MlpConfig cfg) {
        SequentialBlock net = new SequentialBlock();
        for (int width : cfg.hiddenLayers()) {
            net.add(Linear.builder().setUnits(width).build());
            net.add(activation(cfg.activation()));
            // Always present (rate 0 is a no-op), so the saved layout depends only on the
            // layer widths, and a model loads whatever dropout its config names.
            net.add(Dropout.builder().optRate((float) cfg.dropout()).build());
        }
        net.add(Linear.builder().setUnits(outputSize).build());
        return net;
    }

    /** Sets an initialized block's weights and biases to the network's, layer by layer. */
    static void setParameters(Block block, DenseNetwork network) {
        int l = 0;
        for (Linear linear : linears(block)) {
            DenseNetwork.Layer layer = network.layers().get(l++);
            linear.getParameters().get("weight").getArray().set(layer.weights());
            linear.getParameters().get("bias").getArray().set(layer.bias());
        }
    }

    /** The block's dense layers, input side first. */
    static List<Linear> linears(Block block) {
        List<Linear> out = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getValue() instanceof Linear linear) {
                out.add(linear);
            }
        }
        return out;
    }

    private static Block activation(Activation a) {
        return switch (a) {
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case SIGMOID -> ai.djl.nn.Activation.sigmoidBlock();
            case GELU -> ai.djl.nn.Activation.geluBlock();
        };
    }
}
