package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.validation.Attacks;
import dev.hone.ml.validation.Networks;
import dev.hone.ml.validation.PermutationImportance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hone's permutation importance and FGSM robustness curve against independent computations on the same trained
 * network and the same test rows: scikit-learn's {@code permutation_importance} (on a numpy forward of the
 * exported weights) and FGSM written by hand in PyTorch (autograd on the same weights), through Debian's
 * python3-sklearn and python3-torch. Sets of numeric columns only, each one feature, so that scikit-learn's
 * per-column shuffles are Hone's per-column ones. Prints both sides and the agreement:
 * <ul>
 *   <li>importance: each column's mean accuracy drop, Hone against scikit-learn (different shuffles, {@code
 *       --repeats} each): the largest difference in units of the two means' combined standard error, and the rank
 *       correlation of the means;</li>
 *   <li>FGSM (L-infinity, numeric features): accuracy at each epsilon, a row broken at a smaller epsilon counted
 *       broken at the larger ones on both sides; the largest difference in rows.</li>
 * </ul>
 *
 * <pre>
 * apt-get install -y python3-sklearn python3-pandas python3-torch r-cran-kernlab
 * ./mvnw -B -q install -DskipTests
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dai.djl.offline=true" \
 *   ./mvnw -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.mainClass=dev.hone.tests.ValidationReferenceBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * <p>{@code --sets} (wine,spam), {@code --seed} (1), {@code --repeats} (10).
 */
public final class ValidationReferenceBenchmark {

    /**
     * The tolerances the two sides must meet: importances whose means differ by at most this many combined standard
     * errors on every column (with 200 repeats; chance alone gives about 2 to 3 over 70 columns), ranked alike, and
     * FGSM curves apart by at most this share of the rows (float32 against double gradients near zero).
     */
    static final double MAX_Z = 3.0;
    static final double MIN_RANK_CORRELATION = 0.95;
    static final double MAX_FGSM_ROW_SHARE = 0.01;

    private static final double[] EPSILONS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5};

    private static final String PYTHON = """
            import json, sys
            import numpy as np
            import torch
            from sklearn.inspection import permutation_importance
            from sklearn.base import BaseEstimator, ClassifierMixin

            d = json.load(open(sys.argv[1]))
            layers = [(np.array(l["w"], dtype=np.float64).reshape(l["outputs"], l["inputs"]),
                       np.array(l["b"], dtype=np.float64)) for l in d["layers"]]
            X = np.array(d["x"], dtype=np.float64)
            y = np.array(d["y"])

            def forward(x):
                h = x
                for i, (w, b) in enumerate(layers):
                    h = h @ w.T + b
                    if i < len(layers) - 1:
                        h = np.maximum(h, 0) if d["activation"] == "RELU" else np.tanh(h)
                return h.argmax(axis=1)

            class Exported(BaseEstimator, ClassifierMixin):
                def fit(self, x, y):
                    return self
                def predict(self, x):
                    return forward(x)

            r = permutation_importance(Exported().fit(X, y), X, y, scoring="accuracy", n_repeats=d["repeats"],
                                       random_state=d["seed"])

            net = []
            for i, (w, b) in enumerate(layers):
                lin = torch.nn.Linear(w.shape[1], w.shape[0])
                with torch.no_grad():
                    lin.weight.copy_(torch.tensor(w, dtype=torch.float32))
                    lin.bias.copy_(torch.tensor(b, dtype=torch.float32))
                net.append(lin)
                if i < len(layers) - 1:
                    net.append(torch.nn.ReLU() if d["activation"] == "RELU" else torch.nn.Tanh())
            model = torch.nn.Sequential(*net)
            xt = torch.tensor(X, dtype=torch.float32, requires_grad=True)
            yt = torch.tensor(y, dtype=torch.long)
            loss = torch.nn.functional.cross_entropy(model(xt), yt, reduction="sum")
            loss.backward()
            sign = xt.grad.sign()
            mask = torch.zeros(X.shape[1])
            mask[d["attackable"]] = 1
            with torch.no_grad():
                broken = model(xt).argmax(1) != yt
                curve = []
                for eps in d["epsilons"]:
                    moved = xt + eps * sign * mask
                    broken = broken | (model(moved).argmax(1) != yt)
                    curve.append(1 - broken.float().mean().item())
            print(json.dumps({"importance": r.importances_mean.tolist(), "std": r.importances_std.tolist(),
                              "fgsm": curve}))
            """;

    private ValidationReferenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Bench.root();
        List<String> names = QualityBenchmark.listArg(args, "--sets", List.of("wine", "spam"));
        int seed = Bench.intArg(args, "--seed", 1);
        int repeats = Bench.intArg(args, "--repeats", 10);
        Path dir = Files.createTempDirectory("hone-validation").toAbsolutePath();
        System.out.printf(Locale.ROOT, "Validation against references: sets %s, seed %d, %d repeats; work folder %s%n",
                names, seed, repeats, dir);
        QualityBenchmark.exportData(root, dir);
        Path script = dir.resolve("reference.py");
        Files.writeString(script, PYTHON);
        for (String name : names) {
            QualityBenchmark.DataSet set = QualityBenchmark.SETS.stream().filter(s -> s.name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown set " + name));
            run(set, CompressionBenchmark.load(dir.resolve(name + ".csv"), set, seed), seed, repeats, dir, script);
        }
    }

    private static void run(QualityBenchmark.DataSet set, CompressionBenchmark.Data d, int seed, int repeats,
            Path dir, Path script) throws Exception {
        List<int[]> groups = d.transform().featureGroups();
        List<String> columns = d.transform().inputColumns();
        if (groups.stream().anyMatch(g -> g.length != 1)) {
            throw new IllegalArgumentException(set.name() + " has a column of several features; scikit-learn would "
                    + "shuffle them apart");
        }
        TrainingResult trained = MlpTrainer.trainClassifier(d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), d.classes(),
                MlpConfig.defaults(seed), null);
        DenseNetwork net = CompressionSearch.dense(trained, true);
        float[][] x = d.xTest();
        int[] y = d.cTest();
        List<PermutationImportance.Importance> hone = PermutationImportance.compute(x, columns, groups,
                rows -> accuracy(net, rows, y), true, repeats, seed);
        int[] attackable = java.util.stream.IntStream.range(0, x[0].length).toArray();
        Attacks.Curve curve = Attacks.robustness(Networks.of(net), x, y, attackable, EPSILONS, Attacks.Norm.LINF, 10);

        Map<String, Object> export = new LinkedHashMap<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (DenseNetwork.Layer l : net.layers()) {
            layers.add(Map.of("inputs", l.inputs(), "outputs", l.outputs(), "w", l.weights(), "b", l.bias()));
        }
        export.put("layers", layers);
        export.put("activation", net.activation().name());
        export.put("x", x);
        export.put("y", y);
        export.put("seed", seed);
        export.put("repeats", repeats);
        export.put("attackable", attackable);
        export.put("epsilons", EPSILONS);
        Path file = dir.resolve(set.name() + "-network.json");
        ObjectMapper json = new ObjectMapper();
        json.writeValue(file.toFile(), export);
        JsonNode reference = json.readTree(QualityBenchmark.exec(List.of("/usr/bin/python3", script.toString(),
                file.toString()), "the reference computations (apt-get install python3-sklearn python3-torch)"));

        System.out.printf(Locale.ROOT, "%n%s: %d test rows, %d columns, network %s, test accuracy %.4f%n",
                set.name(), x.length, columns.size(), net.hiddenLayers(), curve.cleanAccuracy());
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            index.put(columns.get(c), c);
        }
        double worst = 0;
        double[] honeMeans = new double[columns.size()];
        double[] refMeans = new double[columns.size()];
        System.out.printf(Locale.ROOT, "  %-28s %10s %8s %12s %8s %6s%n", "column (Hone's order)", "Hone", "sd",
                "scikit-learn", "sd", "z");
        for (PermutationImportance.Importance i : hone) {
            int c = index.get(i.column());
            double ref = reference.path("importance").get(c).asDouble();
            double refSd = reference.path("std").get(c).asDouble();
            // scikit-learn's std is the population one (ddof 0); Hone's the sample one
            double se = Math.sqrt(i.std() * i.std() / repeats + refSd * refSd / (repeats - 1));
            double z = se == 0 ? (i.mean() == ref ? 0 : Double.POSITIVE_INFINITY) : Math.abs(i.mean() - ref) / se;
            worst = Math.max(worst, z);
            honeMeans[c] = i.mean();
            refMeans[c] = ref;
            if (hone.indexOf(i) < 10) {
                System.out.printf(Locale.ROOT, "  %-28s %10.4f %8.4f %12.4f %8.4f %6.2f%n", i.column(), i.mean(),
                        i.std(), ref, refSd, z);
            }
        }
        double rank = spearman(honeMeans, refMeans);
        System.out.printf(Locale.ROOT, "  importance: largest difference %.2f standard errors; rank correlation of the "
                + "means %.3f: %s (tolerance: at most %.1f standard errors, rank correlation at least %.2f)%n", worst,
                rank, worst <= MAX_Z && rank >= MIN_RANK_CORRELATION ? "AGREES" : "DISAGREES", MAX_Z,
                MIN_RANK_CORRELATION);
        int worstRows = 0;
        StringBuilder line = new StringBuilder();
        for (int e = 0; e < EPSILONS.length; e++) {
            double ours = curve.points().get(e).fgsmAccuracy();
            double theirs = reference.path("fgsm").get(e).asDouble();
            worstRows = Math.max(worstRows, (int) Math.round(Math.abs(ours - theirs) * x.length));
            line.append(String.format(Locale.ROOT, "  eps %.2f: Hone %.4f, PyTorch %.4f (PGD %.4f)%n", EPSILONS[e],
                    ours, theirs, curve.points().get(e).pgdAccuracy()));
        }
        System.out.print(line);
        System.out.printf(Locale.ROOT, "  FGSM: largest difference %d of %d rows: %s (tolerance: %.0f%% of the rows); PGD "
                + "halves the accuracy at epsilon %s%n", worstRows, x.length,
                worstRows <= MAX_FGSM_ROW_SHARE * x.length ? "AGREES" : "DISAGREES", 100 * MAX_FGSM_ROW_SHARE,
                curve.halvingEpsilon());
    }

    private static double accuracy(DenseNetwork net, float[][] rows, int[] labels) {
        float[][] p = net.predict(rows);
        int right = 0;
        for (int r = 0; r < rows.length; r++) {
            int best = 0;
            for (int c = 1; c < p[r].length; c++) {
                if (p[r][c] > p[r][best]) {
                    best = c;
                }
            }
            right += best == labels[r] ? 1 : 0;
        }
        return (double) right / rows.length;
    }

    /** Spearman's rank correlation (average ranks for ties). */
    private static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = java.util.Arrays.stream(ra).average().orElse(0);
        double mb = java.util.Arrays.stream(rb).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(v[i], v[j]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }
}
