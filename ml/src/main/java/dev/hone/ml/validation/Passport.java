package dev.hone.ml.validation;

import dev.hone.ml.data.CategoricalColumn;
import dev.hone.ml.data.Column;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.NumericColumn;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.metrics.RegressionMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.report.PassportReport.CalibrationSection;
import dev.hone.ml.report.PassportReport.DriftSection;
import dev.hone.ml.report.PassportReport.ExplanationSection;
import dev.hone.ml.report.PassportReport.FairnessSection;
import dev.hone.ml.report.PassportReport.MetricsSection;
import dev.hone.ml.report.PassportReport.PerClass;
import dev.hone.ml.report.PassportReport.RobustnessSection;
import dev.hone.ml.report.PassportReport.RowAttribution;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The parts of a model passport ({@link PassportReport}), each a pure function of the model, its data and a seed,
 * so the validation stage can compute them in parallel and a retry measures the same (only the time it took
 * differs). Every part measures the
 * model that serves: its predictions come from the servable model, its gradients from the same networks
 * ({@link Networks}). Sample sizes are bounded ({@link Sizes}) so the stage's time does not grow with the data
 * beyond reading it; the passport records the sizes used.
 */
public final class Passport {

    /** Column names that suggest a protected attribute, matched as whole words of a column's name. */
    static final Set<String> SENSITIVE_WORDS = Set.of("sex", "gender", "race", "ethnicity", "ethnic", "age",
            "religion", "nationality", "citizenship", "disability", "marital", "pregnancy");

    private Passport() {
    }

    /**
     * How many rows, repeats and steps each measure uses (at most; fewer when the data has fewer).
     *
     * @param importanceRows test rows permutation importance shuffles
     * @param repeats shuffles per column, at least (more on few rows: {@code 20,000 / rows}, up to 50)
     * @param explainedRows test rows explained by SHAP and integrated gradients
     * @param backgroundRows training rows standing for "absent" in SHAP
     * @param gradientSteps integrated gradients' path steps
     * @param attackRows test rows attacked
     * @param pgdSteps PGD's steps
     * @param extractionBudget the label-only attacker's largest number of queries
     */
    public record Sizes(int importanceRows, int repeats, int explainedRows, int backgroundRows, int gradientSteps,
            int attackRows, int pgdSteps, int extractionBudget) {

        public static final Sizes DEFAULT = new Sizes(2000, 5, 20, 50, 32, 200, 10, 5000);
    }

    /**
     * What every part reads.
     *
     * @param transform the model's fitted transform
     * @param served the served model's outputs (probabilities, or the standardized regression value) for rows
     * @param networks the same model as networks, for gradients
     * @param train the training split (raw columns)
     * @param validation the validation split
     * @param test the test split
     * @param seed seeds every sample and shuffle
     * @param tick called between units of work (a heartbeat; it may throw to stop the part)
     */
    public record Inputs(FittedTransform transform, Function<float[][], float[][]> served, Networks networks,
            DataTable train, DataTable validation, DataTable test, long seed, Runnable tick) {

        Task task() {
            return transform.task();
        }
    }

    /** L-infinity epsilons, in standard deviations of a feature. */
    static final double[] LINF_EPSILONS = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0};
    /** L2 epsilons, in standard deviations. */
    static final double[] L2_EPSILONS = {0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0};
    /** Agreement the extraction attacker aims at. */
    static final double EXTRACTION_TARGET = 0.9;

    /** Metrics with intervals (from the evaluation), per class, and a classifier's calibration. */
    public static PassportReport performance(Inputs in, EvaluationReport evaluation) {
        Builder part = part(in, "performance");
        List<PerClass> perClass = new ArrayList<>();
        CalibrationSection calibration = null;
        if (in.task() == Task.CLASSIFICATION) {
            long[][] confusion = evaluation.confusionMatrix();
            for (int c = 0; c < confusion.length; c++) {
                long predicted = 0;
                long present = 0;
                for (int k = 0; k < confusion.length; k++) {
                    predicted += confusion[k][c];
                    present += confusion[c][k];
                }
                perClass.add(new PerClass(evaluation.labels().get(c),
                        predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted,
                        present == 0 ? Double.NaN : (double) confusion[c][c] / present, present));
            }
            float[][] test = in.served().apply(in.transform().transform(in.test()));
            int[] truth = in.transform().encodeClasses(in.test());
            float[][] validation = in.served().apply(in.transform().transform(in.validation()));
            int[] validationTruth = in.transform().encodeClasses(in.validation());
            Calibration.Report before = Calibration.measure(test, truth, Calibration.BINS);
            double t = Calibration.fitTemperature(validation, validationTruth);
            if (t <= Calibration.MIN_TEMPERATURE * 1.001 || t >= Calibration.MAX_TEMPERATURE * 0.999) {
                part.warning(String.format(java.util.Locale.ROOT, "The temperature fit stopped at the edge of its "
                        + "range (%s): the validation rows %s, so it says little about the model's calibration", t,
                        t < 1 ? "are all predicted right and confidently" : "are often predicted wrong with confidence"));
            }
            Calibration.Report after = Calibration.measure(Calibration.scale(test, t), truth, Calibration.BINS);
            calibration = new CalibrationSection(before, t, after,
                    after.expectedCalibrationError() < before.expectedCalibrationError());
        }
        MetricsSection metrics = new MetricsSection(evaluation.metrics(), evaluation.intervals(), perClass,
                evaluation.residuals());
        return part.metrics(metrics).calibration(calibration).build();
    }

    /** Permutation importance, KernelSHAP and integrated gradients over the input columns. */
    public static PassportReport explanations(Inputs in, Sizes sizes) {
        Builder part = part(in, "explanations");
        FittedTransform transform = in.transform();
        boolean classifier = in.task() == Task.CLASSIFICATION;
        SplittableRandom random = new SplittableRandom(in.seed());
        float[][] test = transform.transform(in.test());
        List<String> columns = transform.inputColumns();
        List<int[]> groups = transform.featureGroups();

        int[] importanceRows = sample(test.length, sizes.importanceRows(), random);
        float[][] rows = pick(test, importanceRows);
        // Few rows move a metric in coarse steps: more shuffles keep the interval meaningful (up to 50; at least
        // the sizes' own), at a cost that stays under 20,000 shuffled rows per column.
        int repeats = Math.max(sizes.repeats(), Math.min(50, 20_000 / rows.length));
        List<PermutationImportance.Importance> importance;
        String metric;
        if (classifier) {
            int[] truth = pick(transform.encodeClasses(in.test()), importanceRows);
            metric = "accuracy";
            importance = PermutationImportance.compute(rows, columns, groups, x -> {
                in.tick().run();
                return accuracy(in.served().apply(x), truth);
            }, true, repeats, in.seed());
        } else {
            double[] truth = pick(transform.regressionTarget(in.test()), importanceRows);
            metric = "rmse";
            importance = PermutationImportance.compute(rows, columns, groups, x -> {
                in.tick().run();
                return RegressionMetrics.compute(truth, decode(transform, in.served().apply(x))).rmse();
            }, false, repeats, in.seed());
        }

        float[][] train = transform.transform(in.train());
        float[][] background = pick(train, sample(train.length, sizes.backgroundRows(), random));
        int[] explained = sample(test.length, sizes.explainedRows(), random);
        float[] baselineRow = mean(background);
        List<RowAttribution> shap = new ArrayList<>();
        List<RowAttribution> gradients = new ArrayList<>();
        for (int r : explained) {
            in.tick().run();
            float[] row = test[r];
            int c = explainedClass(transform, in.served(), row);
            Function<float[][], double[]> output = x -> outputOf(transform, in.served().apply(x), c);
            KernelShap.Explanation e = KernelShap.explain(row, background, groups, output, in.seed() + r);
            shap.add(new RowAttribution(r, e.prediction(), e.baseline(), boxed(e.values())));
            InputGradient.Objective objective = classifier ? InputGradient.probability(c) : InputGradient.output();
            double[] ig = IntegratedGradients.byColumn(IntegratedGradients.attribute(in.networks(), row, baselineRow,
                    objective, sizes.gradientSteps()), groups);
            double scale = classifier ? 1 : transform.targetStd();
            double[] atBaseline = output.apply(new float[][] {baselineRow});
            double[] atRow = output.apply(new float[][] {row});
            for (int k = 0; k < ig.length; k++) {
                ig[k] *= scale;
            }
            gradients.add(new RowAttribution(r, atRow[0], atBaseline[0], boxed(ig)));
        }
        ExplanationSection section = new ExplanationSection(columns, explained(transform), metric, importance,
                meanAbs(shap, columns.size()), shap, meanAbs(gradients, columns.size()), gradients, background);
        return part.explanations(section)
                .sample("importance_rows", rows.length).sample("importance_repeats", repeats)
                .sample("explained_rows", explained.length).sample("background_rows", background.length)
                .sample("gradient_steps", sizes.gradientSteps()).build();
    }

    /** FGSM and PGD curves and the extraction indicator; a regressor has none (a warning says so). */
    public static PassportReport robustness(Inputs in, Sizes sizes) {
        Builder part = part(in, "robustness");
        FittedTransform transform = in.transform();
        if (in.task() != Task.CLASSIFICATION) {
            return part.warning("Robustness is measured for classifiers (accuracy under attack); this model is a "
                    + "regressor").build();
        }
        List<String> attackableColumns = new ArrayList<>();
        List<Integer> attackable = new ArrayList<>();
        List<int[]> groups = transform.featureGroups();
        for (int g = 0; g < groups.size(); g++) {
            if (transform.columnTransforms().get(g).type() == dev.hone.ml.data.ColumnType.NUMERIC) {
                attackableColumns.add(transform.inputColumns().get(g));
                attackable.add(groups.get(g)[0]); // the standardized value (a piecewise encoding's bins stay)
            }
        }
        SplittableRandom random = new SplittableRandom(in.seed());
        float[][] test = transform.transform(in.test());
        int[] truth = transform.encodeClasses(in.test());
        int[] rows = sample(test.length, sizes.attackRows(), random);
        List<Attacks.Curve> curves = new ArrayList<>();
        if (attackable.isEmpty()) {
            part.warning("No numeric input to attack: every input is a category, which an adversary cannot move by a"
                    + " small amount");
        } else {
            int[] features = attackable.stream().mapToInt(Integer::intValue).toArray();
            float[][] attacked = pick(test, rows);
            int[] labels = pick(truth, rows);
            for (Attacks.Norm norm : Attacks.Norm.values()) {
                curves.add(Attacks.robustness(in.networks(), attacked, labels, features,
                        norm == Attacks.Norm.LINF ? LINF_EPSILONS : L2_EPSILONS, norm, sizes.pgdSteps(), in.tick()));
            }
        }
        float[][] train = transform.transform(in.train());
        float[][] reference = pick(train, sample(train.length, 2000, random));
        float[][] heldOut = pick(test, sample(test.length, 1000, random));
        int[] checkpoints = checkpoints(sizes.extractionBudget());
        Extraction.Result extraction = Extraction.attack(reference, heldOut, groups, x -> {
            in.tick().run();
            float[][] out = in.served().apply(x);
            int[] labels = new int[out.length];
            for (int r = 0; r < out.length; r++) {
                labels[r] = ClassificationMetrics.argMax(out[r]);
            }
            return labels;
        }, checkpoints, EXTRACTION_TARGET, in.seed());
        return part.robustness(new RobustnessSection(attackableColumns, curves, extraction))
                .sample("attack_rows", rows.length).sample("pgd_steps", sizes.pgdSteps())
                .sample("extraction_budget", sizes.extractionBudget()).build();
    }

    /**
     * Fairness over each sensitive column (named by the run, or suggested by its name, with a warning) and the
     * drift baseline of every input column and of the outputs.
     *
     * @param sensitive the columns the run names (may be empty)
     * @param favourable the favourable class's label; null: a binary classifier's second label, else the first
     */
    public static PassportReport data(Inputs in, List<String> sensitive, String favourable) {
        Builder part = part(in, "data");
        FittedTransform transform = in.transform();
        DataTable test = in.test();
        float[][] out = in.served().apply(transform.transform(test));
        boolean classifier = in.task() == Task.CLASSIFICATION;

        Map<String, Boolean> columns = new LinkedHashMap<>();
        for (String c : sensitive) {
            if (test.columnIndex(c) < 0) {
                throw new IllegalArgumentException("validation.sensitiveColumns names '" + c + "', which the data "
                        + "does not have (its columns: " + test.columns() + ")");
            }
            columns.put(c, true);
        }
        for (String c : test.columns()) {
            if (!columns.containsKey(c) && !c.equals(transform.target()) && suggestsSensitive(c)) {
                columns.put(c, false);
                part.warning("Column '" + c + "' looks like a protected attribute; its fairness is measured below. "
                        + "Name it in validation.sensitiveColumns to gate on it");
            }
        }
        List<FairnessSection> fairness = new ArrayList<>();
        if (!columns.isEmpty() && !classifier) {
            part.warning("Fairness is measured for classifiers; this model is a regressor");
        } else if (!columns.isEmpty()) {
            List<String> labels = transform.classLabels();
            int positive = favourable != null ? labels.indexOf(favourable) : labels.size() == 2 ? 1 : 0;
            if (positive < 0) {
                throw new IllegalArgumentException("validation.favourableClass '" + favourable + "' is not a class of "
                        + "the target (its classes: " + labels + ")");
            }
            int[] truth = transform.encodeClasses(test);
            int[] predicted = new int[out.length];
            for (int r = 0; r < out.length; r++) {
                predicted[r] = ClassificationMetrics.argMax(out[r]);
            }
            for (var e : columns.entrySet()) {
                in.tick().run();
                Groups g = groups(test.column(e.getKey()));
                if (g.names().size() < 2) {
                    part.warning("Column '" + e.getKey() + "' has fewer than two groups in the test rows; its fairness "
                            + "cannot be measured");
                    continue;
                }
                fairness.add(new FairnessSection(e.getKey(), e.getValue(), Fairness.measure(g.of(), g.names(), truth,
                        predicted, positive, labels.get(positive), in.seed())));
            }
        }
        List<DriftBaseline> inputs = new ArrayList<>();
        for (String c : transform.inputColumns()) {
            in.tick().run();
            inputs.add(baseline(in.train().column(c)));
        }
        DriftBaseline output;
        if (classifier) {
            String[] predicted = new String[out.length];
            for (int r = 0; r < out.length; r++) {
                predicted[r] = transform.classLabels().get(ClassificationMetrics.argMax(out[r]));
            }
            output = DriftBaseline.categorical("prediction", predicted, 50);
        } else {
            output = DriftBaseline.numeric("prediction", decode(transform, out), 10);
        }
        return part.fairness(fairness).drift(new DriftSection(inputs, output)).build();
    }

    /**
     * Reweighing (Kamiran and Calders), measured before and after: two twins of the model (its settings and seed),
     * trained alike on the training rows with early stopping on the validation rows, one as is and one with every
     * row weighted {@code P(group) P(class) / P(group, class)} over {@code column} ({@link Fairness#reweighing}),
     * each scored on the test rows for accuracy and fairness over the column. The served model is not one of them:
     * the section says what the mitigation changes, on models trained the same way.
     *
     * @param favourable as {@link #data}
     */
    public static PassportReport mitigation(Inputs in, String column, String favourable, MlpConfig config) {
        Builder part = part(in, "mitigation");
        FittedTransform transform = in.transform();
        if (in.task() != Task.CLASSIFICATION) {
            return part.warning("Reweighing applies to classifiers; this model is a regressor").build();
        }
        List<String> labels = transform.classLabels();
        int positive = favourable != null ? labels.indexOf(favourable) : labels.size() == 2 ? 1 : 0;
        if (positive < 0) {
            throw new IllegalArgumentException("validation.favourableClass '" + favourable + "' is not a class of "
                    + "the target (its classes: " + labels + ")");
        }
        float[][] xTrain = transform.transform(in.train());
        int[] yTrain = transform.encodeClasses(in.train());
        float[][] xVal = transform.transform(in.validation());
        int[] yVal = transform.encodeClasses(in.validation());
        float[] rowWeights = reweighing(List.of(in.train()), column, yTrain);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(dev.hone.ml.model.EpochMetrics m) {
                in.tick().run();
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                in.tick().run();
            }
        };
        float[][] xTest = transform.transform(in.test());
        int[] truth = transform.encodeClasses(in.test());
        Groups testGroups = groups(in.test().column(column));
        PassportReport.Twin[] twins = new PassportReport.Twin[2];
        for (int t = 0; t < 2; t++) {
            TrainingResult trained = MlpTrainer.trainClassifier(xTrain, yTrain, xVal, yVal, labels.size(), config,
                    listener, t == 0 ? null : rowWeights);
            float[][] out;
            try (MlpModel model = MlpModel.loadClassifier(trained.parameters(), xTrain[0].length, labels.size(),
                    trained.config())) {
                out = model.dense().predict(xTest);
            }
            int[] predicted = new int[out.length];
            for (int r = 0; r < out.length; r++) {
                predicted[r] = ClassificationMetrics.argMax(out[r]);
            }
            twins[t] = new PassportReport.Twin(accuracy(out, truth), Fairness.measure(testGroups.of(),
                    testGroups.names(), truth, predicted, positive, labels.get(positive), in.seed()));
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (float w : rowWeights) {
            min = Math.min(min, w);
            max = Math.max(max, w);
        }
        return part.mitigation(new PassportReport.MitigationSection(column, "REWEIGHING", twins[0], twins[1], min,
                max)).build();
    }

    /** Whether a column's name has a word that suggests a protected attribute ("Sex", "age_group", "RaceCode"). */
    static boolean suggestsSensitive(String column) {
        String spaced = column.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Arrays.stream(spaced.split("[^a-z]+")).anyMatch(SENSITIVE_WORDS::contains);
    }

    /** A column's groups: its categories, a number's distinct values up to 10, else below and above its median. */
    record Groups(int[] of, List<String> names) {
    }

    static Groups groups(Column column) {
        int n = column.size();
        int[] of = new int[n];
        if (column instanceof CategoricalColumn c) {
            List<String> names = new ArrayList<>();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int r = 0; r < n; r++) {
                String v = c.isMissing(r) ? "(missing)" : c.text(r);
                of[r] = index.computeIfAbsent(v, k -> {
                    names.add(k);
                    return names.size() - 1;
                });
            }
            return new Groups(of, names);
        }
        NumericColumn numbers = (NumericColumn) column;
        TreeSet<Double> distinct = new TreeSet<>();
        for (int r = 0; r < n && distinct.size() <= 10; r++) {
            if (!numbers.isMissing(r)) {
                distinct.add(numbers.get(r));
            }
        }
        List<String> names = new ArrayList<>();
        if (distinct.size() <= 10) {
            List<Double> values = new ArrayList<>(distinct);
            values.forEach(v -> names.add(v % 1 != 0 ? v.toString() : Long.toString(v.longValue())));
            names.add("(missing)");
            for (int r = 0; r < n; r++) {
                of[r] = numbers.isMissing(r) ? values.size() : values.indexOf(numbers.get(r));
            }
        } else {
            double[] present = Arrays.stream(numbers.values()).filter(v -> !Double.isNaN(v)).sorted().toArray();
            double median = present[present.length / 2];
            names.add("< " + median);
            names.add(">= " + median);
            names.add("(missing)");
            for (int r = 0; r < n; r++) {
                of[r] = numbers.isMissing(r) ? 2 : numbers.get(r) < median ? 0 : 1;
            }
        }
        // Keep only groups that have rows, in order.
        int[] count = new int[names.size()];
        for (int g : of) {
            count[g]++;
        }
        List<String> kept = new ArrayList<>();
        int[] renumber = new int[names.size()];
        for (int g = 0; g < names.size(); g++) {
            renumber[g] = count[g] > 0 ? kept.size() : -1;
            if (count[g] > 0) {
                kept.add(names.get(g));
            }
        }
        for (int r = 0; r < n; r++) {
            of[r] = renumber[of[r]];
        }
        return new Groups(of, kept);
    }

    /**
     * Kamiran and Calders' reweighing of the rows of several tables taken together (a run's training and
     * validation splits), over {@code column}'s groups as {@link #data} forms them, against the rows' classes
     * ({@link Fairness#reweighing}).
     *
     * @param classes the rows' classes, table after table
     * @throws IllegalArgumentException when a table lacks the column
     */
    public static float[] reweighing(List<DataTable> tables, String column, int[] classes) {
        List<Column> parts = new ArrayList<>();
        for (DataTable t : tables) {
            if (t.columnIndex(column) < 0) {
                throw new IllegalArgumentException("validation.sensitiveColumns names '" + column + "', which the "
                        + "data does not have (its columns: " + t.columns() + ")");
            }
            parts.add(t.column(column));
        }
        double[] weights = Fairness.reweighing(groups(concat(parts)).of(), classes);
        float[] out = new float[weights.length];
        for (int r = 0; r < weights.length; r++) {
            out[r] = (float) weights[r];
        }
        return out;
    }

    /** One column holding the parts' rows one after another (a category by its text). */
    private static Column concat(List<Column> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        if (parts.stream().allMatch(c -> c instanceof NumericColumn)) {
            return new NumericColumn(parts.getFirst().name(), parts.stream()
                    .flatMapToDouble(c -> Arrays.stream(((NumericColumn) c).values())).toArray());
        }
        List<String> texts = new ArrayList<>();
        for (Column c : parts) {
            for (int r = 0; r < c.size(); r++) {
                texts.add(c.isMissing(r) ? null : c.text(r));
            }
        }
        List<String> dictionary = texts.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, Integer> code = new LinkedHashMap<>();
        dictionary.forEach(v -> code.put(v, code.size()));
        int[] codes = texts.stream().mapToInt(v -> v == null ? -1 : code.get(v)).toArray();
        return new CategoricalColumn(parts.getFirst().name(), dev.hone.ml.data.ColumnType.CATEGORICAL, codes,
                dictionary);
    }

    private static DriftBaseline baseline(Column column) {
        if (column instanceof NumericColumn numbers) {
            return DriftBaseline.numeric(column.name(), numbers.values(), 10);
        }
        String[] values = new String[column.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = column.isMissing(r) ? null : column.text(r);
        }
        return DriftBaseline.categorical(column.name(), values, 50);
    }

    /** 50, 100, 200, 500, 1000, ... up to and including the budget. */
    static int[] checkpoints(int budget) {
        List<Integer> out = new ArrayList<>();
        for (long base = 50; base < budget; base *= 10) {
            for (long k : new long[] {base, 2 * base, 5 * base}) {
                if (k < budget) {
                    out.add((int) k);
                }
            }
        }
        out.add(budget);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * What an explanation explains: a binary classifier's second class's probability, a multi-class one's
     * predicted class's (per row), a regressor's value in the target's units.
     */
    public static String explained(FittedTransform transform) {
        if (transform.task() != Task.CLASSIFICATION) {
            return "predicted " + transform.target();
        }
        return transform.classLabels().size() == 2 ? "probability of '" + transform.classLabels().get(1) + "'"
                : "probability of the predicted class";
    }

    /**
     * One transformed row's KernelSHAP values over the input columns, of the output {@link #explained} names,
     * against the background rows.
     */
    public static KernelShap.Explanation shap(FittedTransform transform, Function<float[][], float[][]> served,
            float[] row, float[][] background, long seed) {
        int c = explainedClass(transform, served, row);
        return KernelShap.explain(row, background, transform.featureGroups(),
                x -> outputOf(transform, served.apply(x), c), seed);
    }

    /** The class whose probability a row's explanation explains (0 for a regressor: its one output). */
    private static int explainedClass(FittedTransform transform, Function<float[][], float[][]> served, float[] row) {
        if (transform.task() != Task.CLASSIFICATION) {
            return 0;
        }
        return transform.classLabels().size() == 2 ? 1 : ClassificationMetrics.argMax(served.apply(
                new float[][] {row})[0]);
    }

    /** The explained output per row: class {@code c}'s probability, or the regression value in the target's units. */
    private static double[] outputOf(FittedTransform transform, float[][] out, int c) {
        double[] values = new double[out.length];
        for (int r = 0; r < out.length; r++) {
            values[r] = transform.task() == Task.CLASSIFICATION ? out[r][c] : transform.decodeRegression(out[r][0]);
        }
        return values;
    }

    static double[] decode(FittedTransform transform, float[][] out) {
        double[] values = new double[out.length];
        for (int r = 0; r < out.length; r++) {
            values[r] = transform.decodeRegression(out[r][0]);
        }
        return values;
    }

    static double accuracy(float[][] out, int[] truth) {
        int right = 0;
        for (int r = 0; r < out.length; r++) {
            right += ClassificationMetrics.argMax(out[r]) == truth[r] ? 1 : 0;
        }
        return (double) right / out.length;
    }

    /** Up to {@code size} distinct row indices, drawn without replacement, ascending. */
    static int[] sample(int rows, int size, SplittableRandom random) {
        int[] all = java.util.stream.IntStream.range(0, rows).toArray();
        if (size >= rows) {
            return all;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(rows - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, size);
        Arrays.sort(out);
        return out;
    }

    static float[][] pick(float[][] rows, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    private static float[] mean(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / rows.length;
            }
        }
        return mean;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Double> meanAbs(List<RowAttribution> rows, int columns) {
        double[] sum = new double[columns];
        for (RowAttribution row : rows) {
            for (int k = 0; k < columns; k++) {
                sum[k] += Math.abs(row.values().get(k)) / rows.size();
            }
        }
        return boxed(sum);
    }

    private static Builder part(Inputs in, String name) {
        return new Builder(in.task(), in.test().rowCount(), name, System.nanoTime());
    }

    /** Collects one part's sections, warnings and sample sizes; {@link #build} adds how long it took. */
    private static final class Builder {
        private final Task task;
        private final int testRows;
        private final String name;
        private final long started;
        private MetricsSection metrics;
        private CalibrationSection calibration;
        private ExplanationSection explanations;
        private RobustnessSection robustness;
        private List<FairnessSection> fairness;
        private DriftSection drift;
        private PassportReport.MitigationSection mitigation;
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Integer> samples = new LinkedHashMap<>();

        Builder(Task task, int testRows, String name, long started) {
            this.task = task;
            this.testRows = testRows;
            this.name = name;
            this.started = started;
        }

        Builder metrics(MetricsSection s) {
            metrics = s;
            return this;
        }

        Builder calibration(CalibrationSection s) {
            calibration = s;
            return this;
        }

        Builder explanations(ExplanationSection s) {
            explanations = s;
            return this;
        }

        Builder robustness(RobustnessSection s) {
            robustness = s;
            return this;
        }

        Builder fairness(List<FairnessSection> s) {
            fairness = s;
            return this;
        }

        Builder drift(DriftSection s) {
            drift = s;
            return this;
        }

        Builder mitigation(PassportReport.MitigationSection s) {
            mitigation = s;
            return this;
        }

        Builder warning(String w) {
            warnings.add(w);
            return this;
        }

        Builder sample(String what, int size) {
            samples.put(what, size);
            return this;
        }

        PassportReport build() {
            return new PassportReport(task, testRows, metrics, calibration, null, explanations, robustness, fairness,
                    mitigation, drift, null, warnings, samples, Map.of(name, (System.nanoTime() - started) / 1e9));
        }
    }
}
