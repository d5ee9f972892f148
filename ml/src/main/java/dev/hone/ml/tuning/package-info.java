/**
 * Hyperparameter search: a {@link dev.hone.ml.tuning.SearchSpace} of float, int and categorical
 * parameters (optionally conditional on earlier ones), {@link dev.hone.ml.tuning.Sampler}s that
 * propose configurations (grid, random, TPE) and {@link dev.hone.ml.tuning.Pruner}s that stop
 * unpromising trials early (median rule, ASHA).
 *
 * <p>Everything here is a pure function of its inputs: no sampler or pruner keeps state between
 * calls, and randomness is derived from the study seed and the trial number, so the calls can run
 * inside retried, idempotent activities and give the same answer every time.
 */
package dev.hone.ml.tuning;
