package dev.hone.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.model.MlpConfig;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.runs.RunOptions.Kind;
import dev.hone.runs.RunOptions.SearchParameter;
import dev.hone.runs.RunOptions.Setting;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.ClassWeights;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Names;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Optimizer;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.StudyCost;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the options publish is what the rules enforce: every default is accepted and is what a run
 * that leaves the setting out gets, every published bound is the edge between accepted and refused,
 * and every published choice is accepted. A client that builds its form from the options therefore
 * never refuses what the server would take, nor sends what it would refuse.
 */
class RunOptionsTest {

    private static final RunBounds BOUNDS = RunRulesTest.BOUNDS;

    @Test
    void theChoicesAreTheTrainersAndTheTunersOwn() {
        Setting activation = RunOptions.training(BOUNDS).stream().filter(x -> x.name().equals("activation"))
                .findFirst().orElseThrow();
        assertThat(activation.choiceNames())
                .containsExactlyElementsOf(Arrays.stream(Activation.values()).map(Enum::name).toList());
        assertThat(activation.choices().get(0).description()).isEqualTo("max(0, x)");
        assertThat(RunOptions.run().stream().flatMap(s -> s.choices().stream()))
                .allSatisfy(c -> assertThat(c.description()).isNotBlank());
    }

    @Test
    void theTrainingDefaultsAreTheTrainersDefaults() {
        MlpConfig trained = MlpConfig.defaults(RunOptions.DEFAULT_SEED);
        TrainingSettings all = TrainingConfigs.settings(trained);
        assertThat(all.hiddenLayers()).isEqualTo(trained.hiddenLayers());
        assertThat(all.patience()).isEqualTo(trained.patience());
        for (Setting s : RunOptions.training(BOUNDS)) {
            Object published = switch (s.kind()) {
                case INT_LIST -> s.defaultList();
                case CHOICE -> s.defaultChoice();
                case FLOAT -> s.defaultNumber();
                case INT -> s.defaultNumber().intValue();
            };
            Object actual = TrainingConfigs.read(TrainingConfigs.component(TrainingSettings.class, s.name()), all);
            assertThat(published).as(s.name()).isEqualTo(actual instanceof Enum<?> e ? e.name() : actual);
            assertThat(s.description()).as(s.name()).isNotBlank();
        }
    }

    /** What lets a new setting need no code here: it maps to the trainer's config by name. */
    @Test
    void everySettingIsTheTrainersConfigComponentOfTheSameNameAndType() {
        for (RecordComponent c : TrainingConfigs.SETTINGS) {
            Class<?> config = TrainingConfigs.component(MlpConfig.class, c.getName()).getType();
            Class<?> boxed = config == int.class ? Integer.class : config == double.class ? Double.class : config;
            assertThat(boxed).as(c.getName()).isEqualTo(c.getType());
        }
        TrainingSettings given = new TrainingSettings(List.of(8), Activation.GELU, 0.2, 0.01, 0.05, Optimizer.RMSPROP,
                7, 9, 3, ClassWeights.BALANCED, NumericScaling.QUANTILE, 4, 0.5);
        assertThat(TrainingConfigs.config(given, 1)).isEqualTo(new MlpConfig(List.of(8), Activation.GELU, 0.2, 0.01,
                0.05, Optimizer.RMSPROP, 7, 9, 3, 1, ClassWeights.BALANCED, NumericScaling.QUANTILE, 4, 0.5));
        assertThat(TrainingConfigs.settings(TrainingConfigs.config(given, 1))).isEqualTo(given);
        assertThat(TrainingConfigs.config(new TrainingSettings(null, null, null, null, null, null, null, 9, null, null, null, null, null), 1))
                .isEqualTo(new MlpConfig(List.of(64, 64), Activation.RELU, 0.1, 1e-4, 3e-3, Optimizer.ADAM, 32, 9, 20,
                        1, ClassWeights.AUTO, NumericScaling.STANDARD, 1, 0.9));
    }

    @Test
    void everyPublishedTrainingBoundIsTheEdgeOfWhatIsAccepted() {
        for (Setting s : RunOptions.training(BOUNDS)) {
            if (s.kind() == Kind.CHOICE) {
                for (String choice : s.choiceNames()) {
                    accepted(s.name(), choice);
                }
                continue;
            }
            if (s.kind() == Kind.INT_LIST) {
                accepted(s.name(), List.of(s.min().intValue()));
                refused(s.name(), List.of(s.min().intValue() - 1));
                accepted(s.name(), List.of(s.max().intValue()));
                refused(s.name(), List.of(s.max().intValue() + 1));
                accepted(s.name(), java.util.Collections.nCopies(s.maxItems(), 4));
                refused(s.name(), java.util.Collections.nCopies(s.maxItems() + 1, 4));
                continue;
            }
            double step = s.kind() == Kind.INT ? 1 : 1e-6;
            if (s.min() != null) {
                edge(s.name(), s.kind(), s.min(), s.minExclusive(), -step);
            }
            if (s.max() != null) {
                edge(s.name(), s.kind(), s.max(), s.maxExclusive(), step);
            }
        }
    }

    @Test
    void everyPublishedStudyDefaultAndBoundIsWhatTheRulesApply() {
        TuningSpec defaults = RunOptions.study(null, null, null, null, null, null, null, null, null, oneChoice());
        assertThat(defaults).isEqualTo(new TuningSpec(Sampler.GP, Pruner.NONE, "validation_loss", Direction.MINIMIZE,
                10, 1, 3, 9, 3, oneChoice()));
        assertThat(RunOptions.study(null, null, "validation_accuracy", null, null, null, null, null, null,
                oneChoice()).direction()).isEqualTo(Direction.MAXIMIZE);
        assertThatCode(() -> RunRules.tuning(defaults, true, BOUNDS)).doesNotThrowAnyException();
        for (Setting s : RunOptions.study(BOUNDS)) {
            if (s.kind() == Kind.CHOICE) {
                if (s.defaultChoice() != null) {
                    assertThat(s.choiceNames()).as(s.name()).contains(s.defaultChoice());
                }
                for (String choice : s.choiceNames()) {
                    assertThatCode(() -> RunRules.tuning(study(s.name(), choice), true, BOUNDS)).as(s.name() + " "
                            + choice).doesNotThrowAnyException();
                }
                continue;
            }
            int min = s.min().intValue();
            assertThatCode(() -> RunRules.tuning(study(s.name(), min), true, BOUNDS)).as(s.name() + " at its min")
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> RunRules.tuning(study(s.name(), min - 1), true, BOUNDS))
                    .as(s.name() + " below its min").isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(s.name());
            if (s.max() != null) {
                int max = s.max().intValue();
                assertThatCode(() -> RunRules.tuning(study(s.name(), max), true, BOUNDS)).as(s.name() + " at its max")
                        .doesNotThrowAnyException();
                assertThatThrownBy(() -> RunRules.tuning(study(s.name(), max + 1), true, BOUNDS))
                        .as(s.name() + " above its max").isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(s.maxKey() != null ? s.maxKey() : s.name());
            }
        }
    }

    @Test
    void everyPublishedSearchParameterIsSearchableWithinItsBounds() {
        for (SearchParameter p : RunOptions.searchParameters(BOUNDS)) {
            if (p.type() == ParameterType.CATEGORICAL) {
                ParameterDef all = new ParameterDef(p.name(), ParameterType.CATEGORICAL, null, null, null, null,
                        p.choices().stream().map(RunOptions.Choice::name).toList(), null, null);
                assertThatCode(() -> RunRules.tuning(space(all), true, BOUNDS)).as(p.name())
                        .doesNotThrowAnyException();
                continue;
            }
            double step = p.type() == ParameterType.INT ? 1 : 1e-6;
            double low = p.min() == null ? 0 : p.min() + (p.minExclusive() ? step : 0);
            double high = p.max() == null ? low + 1 : p.max() - (p.maxExclusive() ? step : 0);
            assertThatCode(() -> RunRules.tuning(space(range(p, low, high)), true, BOUNDS)).as(p.name())
                    .doesNotThrowAnyException();
            if (p.min() != null) {
                double below = p.minExclusive() ? p.min() : p.min() - step;
                assertThatThrownBy(() -> RunRules.tuning(space(range(p, below, high)), true, BOUNDS))
                        .as(p.name() + " below its min").isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(p.name());
            }
            if (p.max() != null) {
                double above = p.maxExclusive() ? p.max() : p.max() + step;
                assertThatThrownBy(() -> RunRules.tuning(space(range(p, low, above)), true, BOUNDS))
                        .as(p.name() + " above its max").isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining(p.name());
            }
        }
        assertThatThrownBy(() -> RunRules.tuning(space(new ParameterDef("momentum", ParameterType.FLOAT, 0.1, 0.9, false, null,
                null, null, null)), true, BOUNDS)).hasMessageContaining("unknown parameter 'momentum'");
    }

    @Test
    void theObjectivesFollowTheTask() {
        assertThat(RunOptions.objectives(true)).containsExactly("validation_loss", "validation_accuracy");
        assertThat(RunOptions.objectives(false)).containsExactly("validation_loss", "validation_rmse");
    }

    private static List<ParameterDef> oneChoice() {
        return List.of(new ParameterDef("activation", ParameterType.CATEGORICAL, null, null, null, null, List.of("RELU"), null,
                null));
    }

    private static TuningSpec space(ParameterDef p) {
        return RunOptions.study(Sampler.RANDOM, null, null, null, null, null, null, null, null, List.of(p));
    }

    private static ParameterDef range(SearchParameter p, double low, double high) {
        return new ParameterDef(p.name(), p.type(), low, high, false, null, null, null, null);
    }

    /**
     * The default study (GRID for gridPoints, ASHA for minResource and reductionFactor, TPE and a cost for the cost
     * settings) with one value set.
     */
    private static TuningSpec study(String name, Object value) {
        Sampler sampler = name.equals("gridPoints") ? Sampler.GRID
                : name.equals("sampler") ? Sampler.of((String) value)
                : name.startsWith("cost") ? Sampler.TPE : null;
        Pruner pruner = name.equals("minResource") || name.equals("reductionFactor") ? Pruner.ASHA
                : name.equals("pruner") ? Pruner.of((String) value) : null;
        Integer n = value instanceof Integer i ? i : null;
        return RunOptions.study(sampler, pruner, null, null, name.equals("maxTrials") ? n : null,
                name.equals("parallelism") ? n : null, name.equals("gridPoints") ? n : null,
                name.equals("minResource") ? n : null, name.equals("reductionFactor") ? n : null, oneChoice(), null,
                name.equals("cost") ? StudyCost.of((String) value) : name.equals("costTolerance") ? StudyCost.SIZE
                        : null, name.equals("costTolerance") ? n.doubleValue() : null);
    }

    private static void edge(String name, Kind kind, double bound, boolean exclusive, double outward) {
        Object inside = number(kind, exclusive ? bound - outward : bound);
        Object outside = number(kind, exclusive ? bound : bound + outward);
        accepted(name, inside);
        refused(name, outside);
    }

    private static Object number(Kind kind, double v) {
        return kind == Kind.INT ? (Object) (int) Math.round(v) : (Object) v;
    }

    private static void accepted(String name, Object value) {
        assertThatCode(() -> check(name, value)).as("%s = %s", name, value).doesNotThrowAnyException();
    }

    private static void refused(String name, Object value) {
        assertThatThrownBy(() -> check(name, value)).as("%s = %s", name, value)
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(name);
    }

    /** A request setting only {@code name}, to {@code v} (a choice by its name): written for no setting in particular. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void check(String name, Object v) {
        Class<?> type = TrainingConfigs.component(TrainingSettings.class, name).getType();
        Object value = type.isEnum() ? Names.parse((Class) type, (String) v) : v;
        TrainingSettings s = TrainingConfigs.copy(TrainingSettings.defaults(), Map.of(name, value));
        RunRules.check(new RunRequest("iris", null, "species", null, null, s, null, null, null, null), 3, RunRulesTest.IRIS,
                BOUNDS);
    }
}
