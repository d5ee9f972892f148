package dev.hone.ml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.tuning.FloatParameter;
import dev.hone.ml.tuning.GpSampler;
import dev.hone.ml.tuning.ParameterSpec;
import dev.hone.ml.tuning.RandomSampler;
import dev.hone.ml.tuning.Sampler;
import dev.hone.ml.tuning.SearchSpace;
import dev.hone.ml.tuning.TpeSampler;
import dev.hone.ml.tuning.Trial;
import dev.hone.vocabulary.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Sampler quality: Hone's {@link RandomSampler}, Hone's {@link TpeSampler#defaults()} and Optuna
 * 3.1's {@code TPESampler} (default settings, Debian's python3-optuna, run as a subprocess in the
 * same run) minimizing Branin (2-d, minimum 0.397887) and Hartmann-6 (6-d, minimum -3.32237).
 * Prints, per function, the median over the seeds of the best value found after each checkpoint
 * (10, 25, 50 and 100 trials by default), and Hone TPE minus Optuna TPE with a bootstrap 95%
 * interval of that difference of medians. Results go to docs/benchmarks.md.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true" ./mvnw -q -B -pl ml \
 *     test-compile exec:java -Dexec.mainClass=dev.hone.ml.bench.SamplerBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="--seeds 20 --first-seed 0"]
 * </pre>
 *
 * <p>Arguments, all optional: {@code --seeds} how many seeds (20), {@code --first-seed} (0; seeds
 * are first-seed, first-seed + 1, ...), {@code --checkpoints} trial counts to report (10,25,50,100;
 * the largest is the number of trials per study), {@code --functions} (branin,hartmann6), {@code
 * --python} (/usr/bin/python3), {@code --script} (ml/src/test/python/sampler_baseline.py, or
 * src/test/python/... when run from ml/).
 *
 * <p>The same integer seed is given to each sampler, but Hone and Optuna draw different random
 * numbers from it, so runs are not paired across samplers: only the distributions over seeds are
 * comparable.
 */
public final class SamplerBenchmark {

    private static final int BOOTSTRAP_RESAMPLES = 2000;

    record Function(String name, double minimum, SearchSpace space, ToDoubleFunction<Map<String, Object>> f) {}

    record Options(int seeds, long firstSeed, List<Integer> checkpoints, List<String> functions,
            Path python, Path script) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 == args.length) {
                    throw new IllegalArgumentException(
                            "Expected --name value pairs, got " + Arrays.toString(args));
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            Options o = new Options(
                    Integer.parseInt(given.getOrDefault("seeds", "20")),
                    Long.parseLong(given.getOrDefault("first-seed", "0")),
                    Arrays.stream(given.getOrDefault("checkpoints", "10,25,50,100").split(","))
                            .map(String::trim).map(Integer::valueOf).sorted().toList(),
                    Arrays.stream(given.getOrDefault("functions", "branin,hartmann6,styblinski-tang5,ackley5,mlp-digits").split(","))
                            .map(String::trim).toList(),
                    Path.of(given.getOrDefault("python", "/usr/bin/python3")),
                    given.containsKey("script") ? Path.of(given.get("script")) : defaultScript());
            given.keySet().removeAll(
                    List.of("seeds", "first-seed", "checkpoints", "functions", "python", "script"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Unknown arguments " + given.keySet());
            }
            if (o.seeds < 1 || o.checkpoints.isEmpty() || o.checkpoints.getFirst() < 1) {
                throw new IllegalArgumentException("seeds and every checkpoint must be >= 1");
            }
            for (String f : o.functions) {
                function(f); // fails early on an unknown name
            }
            return o;
        }

        private static Path defaultScript() {
            Path fromRoot = Path.of("ml/src/test/python/sampler_baseline.py");
            return Files.exists(fromRoot) ? fromRoot : Path.of("src/test/python/sampler_baseline.py");
        }

        int trials() {
            return checkpoints.getLast();
        }

        List<Long> seedList() {
            List<Long> s = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                s.add(firstSeed + i);
            }
            return s;
        }
    }

    private SamplerBenchmark() {}

    // ---- test functions -------------------------------------------------------------------

    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8},
        {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8},
        {17, 8, 0.05, 10, 0.1, 14},
    };
    private static final double[][] H_P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
        {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
        {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381},
    };

    static double hartmann6(double[] x) {
        double total = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = x[j] - H_P[i][j];
                inner += H_A[i][j] * d * d;
            }
            total += H_ALPHA[i] * Math.exp(-inner);
        }
        return -total;
    }

    /** Parameters x1..xd, each uniform in [low, high]. */
    private static SearchSpace cube(int d, double low, double high) {
        List<ParameterSpec> params = new ArrayList<>();
        for (int i = 1; i <= d; i++) {
            params.add(FloatParameter.uniform("x" + i, low, high));
        }
        return new SearchSpace(params);
    }

    private static double[] point(Map<String, Object> p, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = (Double) p.get("x" + (i + 1));
        }
        return x;
    }

    static Function function(String name) {
        return switch (name) {
            case "branin" -> new Function("branin", 0.397887,
                    SearchSpace.of(FloatParameter.uniform("x1", -5, 10), FloatParameter.uniform("x2", 0, 15)),
                    p -> branin((Double) p.get("x1"), (Double) p.get("x2")));
            case "hartmann6" -> new Function("hartmann6", -3.32237, cube(6, 0, 1), p -> hartmann6(point(p, 6)));
            case "styblinski-tang5" -> new Function("styblinski-tang5", -39.16617 * 5, cube(5, -5, 5), p -> {
                double sum = 0;
                for (double v : point(p, 5)) {
                    sum += v * v * v * v - 16 * v * v + 5 * v;
                }
                return 0.5 * sum;
            });
            case "ackley5" -> new Function("ackley5", 0, cube(5, -32.768, 32.768), p -> {
                double[] x = point(p, 5);
                double squares = 0;
                double cosines = 0;
                for (double v : x) {
                    squares += v * v;
                    cosines += Math.cos(2 * Math.PI * v);
                }
                return -20 * Math.exp(-0.2 * Math.sqrt(squares / x.length)) - Math.exp(cosines / x.length) + 20 + Math.E;
            });
            case "mlp-digits" -> {
                Map<String, Double> table;
                try {
                    table = MlpDigitsTask.load(MlpDigitsTask.tablePath());
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the MLP table " + MlpDigitsTask.tablePath(), e);
                }
                double min = table.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                yield new Function("mlp-digits", min, MlpDigitsTask.space(), p -> MlpDigitsTask.objective(table, p));
            }
            default -> throw new IllegalArgumentException(
                    "Unknown function '" + name + "'; known: branin, hartmann6, styblinski-tang5, ackley5, mlp-digits");
        };
    }

    // ---- runs -----------------------------------------------------------------------------

    /** Best-so-far curve of one study: element {@code i} is the best value after trial {@code i}. */
    static double[] honeCurve(Sampler sampler, Function fn, long seed, int trials) {
        List<Trial> history = new ArrayList<>();
        double[] curve = new double[trials];
        double best = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Map<String, Object> params = sampler.sample(fn.space(), history, Direction.MINIMIZE, seed, n);
            double value = fn.f().applyAsDouble(params);
            history.add(Trial.completed(n, params, value));
            best = Math.min(best, value);
            curve[n] = best;
        }
        return curve;
    }

    /** Runs the Optuna baseline for one function; returns its JSON answer. */
    static JsonNode optuna(Options o, String function) throws IOException, InterruptedException {
        List<String> command = List.of(o.python().toString(), o.script().toString(),
                "--function", function,
                "--seeds", String.join(",", o.seedList().stream().map(String::valueOf).toList()),
                "--trials", Integer.toString(o.trials()),
                "--table", MlpDigitsTask.tablePath().toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(
                    "Optuna baseline failed with exit code " + exit + ": " + String.join(" ", command));
        }
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    // ---- statistics -----------------------------------------------------------------------

    /**
     * "better" when the whole interval is below 0, "ok" when Hone's median is as good or better, "~" when
     * worse inside the interval, "worse" when the whole interval is above 0.
     */
    static String verdict(double hone, double optuna, double[] ci) {
        if (ci[1] < 0) {
            return "better";
        }
        return hone <= optuna ? "ok" : (ci[0] <= 0 ? "~" : "worse");
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Percentile bootstrap 95% interval of median(a) - median(b), resampling each side alone. */
    static double[] bootstrapDifference(double[] a, double[] b, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] diffs = new double[BOOTSTRAP_RESAMPLES];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
            for (int i = 0; i < a.length; i++) {
                ra[i] = a[rng.nextInt(a.length)];
            }
            for (int i = 0; i < b.length; i++) {
                rb[i] = b[rng.nextInt(b.length)];
            }
            diffs[r] = median(ra) - median(rb);
        }
        Arrays.sort(diffs);
        return new double[] {
            diffs[(int) Math.floor(0.025 * (BOOTSTRAP_RESAMPLES - 1))],
            diffs[(int) Math.ceil(0.975 * (BOOTSTRAP_RESAMPLES - 1))]
        };
    }

    static double[] column(List<double[]> curves, int checkpoint) {
        return curves.stream().mapToDouble(c -> c[checkpoint - 1]).toArray();
    }

    // ---- main -----------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (!Files.isRegularFile(o.script())) {
            throw new IllegalStateException("Baseline script " + o.script()
                    + " not found; run from the repository root or pass --script");
        }
        System.out.printf(Locale.ROOT,
                "Sampler quality: %d seeds (%d..%d), %d trials per study, minimizing%n%n",
                o.seeds(), o.firstSeed(), o.firstSeed() + o.seeds() - 1, o.trials());

        Map<String, Sampler> samplers = new LinkedHashMap<>();
        samplers.put("Hone random", new RandomSampler());
        samplers.put("Hone TPE", TpeSampler.defaults());
        samplers.put("Hone multivariate TPE", TpeSampler.multivariate());
        samplers.put("Hone GP", GpSampler.defaults());
        List<String> compared = List.of("Hone TPE", "Hone multivariate TPE", "Hone GP");
        StringBuilder table = new StringBuilder("| function | trials |");
        samplers.keySet().forEach(name -> table.append(' ').append(name).append(" |"));
        table.append(" Optuna TPE |");
        compared.forEach(name -> table.append(' ').append(name).append(" - Optuna (95% CI) |"));
        table.append('\n').append("|---".repeat(3 + samplers.size() + compared.size())).append("|\n");
        String optunaVersion = "?";
        List<String> timings = new ArrayList<>();

        for (String name : o.functions()) {
            Function fn = function(name);
            long t0 = System.nanoTime();
            JsonNode answer = optuna(o, name);
            double optunaSeconds = (System.nanoTime() - t0) / 1e9;
            optunaVersion = answer.get("optuna_version").asText();
            List<double[]> optunaCurves = new ArrayList<>();
            for (long seed : o.seedList()) {
                JsonNode c = answer.get("curves").get(Long.toString(seed));
                double[] curve = new double[o.trials()];
                for (int i = 0; i < curve.length; i++) {
                    curve[i] = c.get(i).asDouble();
                }
                optunaCurves.add(curve);
            }

            Map<String, List<double[]>> curves = new LinkedHashMap<>();
            StringBuilder timing = new StringBuilder(name + ":");
            samplers.forEach((samplerName, sampler) -> {
                long t1 = System.nanoTime();
                List<double[]> list = new ArrayList<>();
                for (long seed : o.seedList()) {
                    list.add(honeCurve(sampler, fn, seed, o.trials()));
                }
                curves.put(samplerName, list);
                timing.append(String.format(Locale.ROOT, " %s %.1f s,", samplerName, (System.nanoTime() - t1) / 1e9));
            });
            timings.add(timing + String.format(Locale.ROOT,
                    " Optuna TPE %.1f s (subprocess, incl. start-up)", optunaSeconds));

            for (int cp : o.checkpoints()) {
                double p = median(column(optunaCurves, cp));
                table.append(String.format(Locale.ROOT, "| %s (min %s) | %d |", name, fn.minimum(), cp));
                curves.values().forEach(c -> table.append(String.format(Locale.ROOT, " %.4f |", median(column(c, cp)))));
                table.append(String.format(Locale.ROOT, " %.4f |", p));
                int salt = 0;
                for (String samplerName : compared) {
                    double[] values = column(curves.get(samplerName), cp);
                    double h = median(values);
                    double[] ci = bootstrapDifference(values, column(optunaCurves, cp), 42 + cp + 1000L * salt++);
                    table.append(String.format(Locale.ROOT, " %+.4f (%+.4f, %+.4f) %s |",
                            h - p, ci[0], ci[1], verdict(h, p, ci)));
                }
                table.append('\n');
            }
        }

        System.out.printf("Optuna %s via %s%n", optunaVersion, o.python());
        timings.forEach(System.out::println);
        System.out.println();
        System.out.println("Median over seeds of the best value after n trials (lower is better).");
        System.out.println("Difference: Hone median - Optuna TPE median; negative = Hone better;");
        System.out.println("interval: percentile bootstrap (" + BOOTSTRAP_RESAMPLES
                + " resamples of each side's seeds).");
        System.out.println();
        System.out.print(table);
    }
}
