package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Parzen estimator over several parameters at once, as Optuna 3.1's with
 * {@code multivariate=True}: each observation is one kernel that is a product over the parameters,
 * so l(x) and g(x) see which values occurred together. Numeric bandwidths follow Scott's rule,
 * {@code 0.2 n^(-1/(d+4))} of the range, clipped as the univariate estimator's are; the prior
 * kernel sits mid-range with the whole range as bandwidth (uniform for categoricals).
 */
final class JointParzenEstimator {

    /** One parameter in the estimator's internal (log-transformed, continuous) space. */
    record Dim(ParameterSpec spec, double low, double high) {

        static Dim of(ParameterSpec p) {
            return switch (p) {
                case FloatParameter f -> new Dim(f, f.log() ? StrictMath.log(f.low()) : f.low(),
                        f.log() ? StrictMath.log(f.high()) : f.high());
                case IntParameter n -> n.log()
                        ? new Dim(n, StrictMath.log(n.low() - 0.5), StrictMath.log(n.maxValue() + 0.5))
                        : new Dim(n, n.low() - 0.5 * n.step(), n.maxValue() + 0.5 * n.step());
                case CategoricalParameter c -> new Dim(c, 0, c.choices().size());
            };
        }

        boolean categorical() {
            return spec instanceof CategoricalParameter;
        }

        /** The internal value of a stored parameter value, or NaN when it is not a valid one. */
        double internal(Object value) {
            return switch (spec) {
                case FloatParameter f -> value instanceof Number v && v.doubleValue() >= f.low()
                        && v.doubleValue() <= f.high() ? (f.log() ? StrictMath.log(v.doubleValue()) : v.doubleValue())
                        : Double.NaN;
                case IntParameter n -> value instanceof Number v && v.doubleValue() == Math.rint(v.doubleValue())
                        && n.canTake(v.longValue()) ? (n.log() ? StrictMath.log(v.doubleValue()) : v.doubleValue())
                        : Double.NaN;
                case CategoricalParameter c -> value == null ? Double.NaN
                        : c.choices().indexOf(String.valueOf(value)) < 0 ? Double.NaN
                        : c.choices().indexOf(String.valueOf(value));
            };
        }

        /** The parameter value of an internal draw: rounded and clipped for integers. */
        Object external(double x) {
            return switch (spec) {
                case FloatParameter f -> Math.min(Math.max(f.log() ? StrictMath.exp(x) : x, f.low()), f.high());
                case IntParameter n -> n.log()
                        ? (int) Math.min(Math.max(Math.rint(StrictMath.exp(x)), n.low()), n.maxValue())
                        : (int) Math.min(Math.max(n.low() + Math.rint((x - n.low()) / n.step()) * n.step(), n.low()),
                                n.maxValue());
                case CategoricalParameter c -> c.choices().get((int) x);
            };
        }
    }

    private final List<Dim> dims;
    private final double[] weights;
    /** mus[k][j], sigmas[k][j] for numeric dims; categorical dims use probabilities[k][j][choice]. */
    private final double[][] mus;
    private final double[][] sigmas;
    private final double[][][] probabilities;

    /** @param observations one row per trial, internal values in {@code dims} order (no NaN) */
    JointParzenEstimator(List<Dim> dims, List<double[]> observations) {
        this.dims = List.copyOf(dims);
        int n = observations.size();
        int k = n + 1;
        int d = dims.size();
        weights = ParzenWeights.withPrior(n);
        mus = new double[k][d];
        sigmas = new double[k][d];
        probabilities = new double[k][d][];
        double scott = 0.2 * Math.pow(Math.max(n, 1), -1.0 / (d + 4));
        for (int j = 0; j < d; j++) {
            Dim dim = dims.get(j);
            if (dim.categorical()) {
                int choices = (int) dim.high();
                double spread = ParzenWeights.PRIOR_WEIGHT / (n + 1);
                for (int i = 0; i < n; i++) {
                    double[] p = new double[choices];
                    java.util.Arrays.fill(p, spread / (1 + choices * spread));
                    p[(int) observations.get(i)[j]] += 1 / (1 + choices * spread);
                    probabilities[i][j] = p;
                }
                double[] prior = new double[choices];
                java.util.Arrays.fill(prior, 1.0 / choices);
                probabilities[n][j] = prior;
            } else {
                double range = dim.high() - dim.low();
                double sigma = Math.min(Math.max(scott * range, range / Math.min(100.0, 1.0 + k)), range);
                for (int i = 0; i < n; i++) {
                    mus[i][j] = observations.get(i)[j];
                    sigmas[i][j] = sigma;
                }
                mus[n][j] = 0.5 * (dim.low() + dim.high());
                sigmas[n][j] = range;
            }
        }
    }

    /** A joint draw: one kernel, then each parameter from that kernel; values as parameters take them. */
    Map<String, Object> sample(TrialRandom rng) {
        int c = NumericParzenEstimator.pickComponent(weights, rng);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int j = 0; j < dims.size(); j++) {
            Dim dim = dims.get(j);
            double x;
            if (dim.categorical()) {
                x = NumericParzenEstimator.pickComponent(probabilities[c][j], rng);
            } else {
                x = Double.NaN;
                for (int attempt = 0; attempt < 1000 && Double.isNaN(x); attempt++) {
                    double draw = mus[c][j] + sigmas[c][j] * rng.nextGaussian();
                    if (draw >= dim.low() && draw <= dim.high()) {
                        x = draw;
                    }
                }
                if (Double.isNaN(x)) {
                    x = rng.nextDouble(dim.low(), dim.high());
                }
            }
            values.put(dim.spec().name(), dim.external(x));
        }
        return values;
    }

    /**
     * The score TPE compares: log of the mixture of product kernels at the given values, each
     * numeric factor scored as the univariate estimator scores it (bandwidth-weighted density at
     * the internal value; probability mass of the rounding interval for linear integers).
     */
    double logScore(Map<String, Object> values) {
        double[] terms = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            double t = StrictMath.log(weights[c]);
            for (int j = 0; j < dims.size() && t > Double.NEGATIVE_INFINITY; j++) {
                Dim dim = dims.get(j);
                double x = dim.internal(values.get(dim.spec().name()));
                if (dim.categorical()) {
                    t += StrictMath.log(probabilities[c][j][(int) x]);
                    continue;
                }
                double mu = mus[c][j];
                double sigma = sigmas[c][j];
                double logAccept = Gaussian.logMass((dim.low() - mu) / sigma, (dim.high() - mu) / sigma);
                if (dim.spec() instanceof IntParameter n && !n.log()) {
                    double half = 0.5 * n.step();
                    t += Gaussian.logMass((Math.max(x - half, dim.low()) - mu) / sigma,
                            (Math.min(x + half, dim.high()) - mu) / sigma) - logAccept;
                } else {
                    double z = (x - mu) / sigma;
                    t += -0.5 * z * z - Gaussian.LOG_SQRT_2PI - logAccept;
                }
            }
            terms[c] = t;
        }
        return NumericParzenEstimator.logSumExp(terms);
    }

    /** The rows of trials in which every dim has a valid value, in trial order. */
    static List<double[]> rows(List<Dim> dims, List<Trial> trials, List<Integer> indices) {
        List<double[]> rows = new ArrayList<>();
        for (int i : indices) {
            double[] row = new double[dims.size()];
            boolean complete = true;
            for (int j = 0; j < dims.size() && complete; j++) {
                row[j] = dims.get(j).internal(trials.get(i).params().get(dims.get(j).spec().name()));
                complete = !Double.isNaN(row[j]);
            }
            if (complete) {
                rows.add(row);
            }
        }
        return rows;
    }
}
