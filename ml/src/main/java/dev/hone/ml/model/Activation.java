package dev.hone.ml.model;

/** Non-linearity after each hidden layer. */
public enum Activation {
    RELU,
    TANH,
    SIGMOID,
    GELU
}
