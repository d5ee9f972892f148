package dev.hone.ml.model;

/** The gradient method that trains an MLP. Each uses the config's learning rate as is. */
public enum OptimizerKind {
    /** Adam (beta1 0.9, beta2 0.999). */
    ADAM,
    /** Stochastic gradient descent with momentum 0.9. */
    SGD,
    /** RMSProp (rho 0.99, no momentum, as PyTorch's defaults). */
    RMSPROP,
    /** Adagrad. */
    ADAGRAD
}
