package dev.hone.api.graphql;

import dev.hone.runs.RunBounds;
import dev.hone.runs.RunOptions;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Task;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * What a run request may say, as the API shows it: the settings, choices, defaults and bounds that
 * the runs module defines ({@link RunOptions}) with the configured limits, so that clients build
 * their forms from these instead of keeping their own copy.
 */
public final class OptionViews {

    private OptionViews() {
    }

    @Name("SettingKind")
    @Description("The kind of value a setting takes")
    public enum SettingKindView {
        @Description("A decimal number")
        FLOAT,
        @Description("A whole number")
        INT,
        @Description("A list of whole numbers")
        INT_LIST,
        @Description("One of the setting's choices")
        CHOICE
    }

    @Name("SettingChoice")
    @Description("One value of an enumerated setting")
    public record ChoiceView(@NonNull String name, @NonNull String description) {
        static List<ChoiceView> of(List<RunOptions.Choice> choices) {
            return choices.stream().map(c -> new ChoiceView(c.name(), c.description())).toList();
        }
    }

    @Name("RunSetting")
    @Description("One setting of a run request: its kind, default and bounds. A bound with a key is configured: an "
            + "administrator raises it with that key")
    public record SettingView(@NonNull String name, @NonNull SettingKindView kind, @NonNull String description,
            @Description("The default of a FLOAT or INT setting") Double defaultNumber,
            @Description("The default of an INT_LIST setting") List<@NonNull Integer> defaultList,
            @Description("The default of a CHOICE setting; null when the server decides (the task is inferred)")
            String defaultChoice,
            @Description("The smallest value (of each entry of a list); null when unbounded") Double min,
            @Description("True when min itself is refused") boolean minExclusive,
            @Description("The largest value (of each entry of a list); null when unbounded") Double max,
            @Description("True when max itself is refused") boolean maxExclusive,
            @Description("The configuration key that raises max") String maxKey,
            @Description("The most entries of a list") Integer maxItems,
            @Description("The configuration key that raises maxItems") String maxItemsKey,
            @Description("The choices of a CHOICE setting; empty otherwise") @NonNull List<@NonNull ChoiceView> choices) {
        static List<SettingView> of(List<RunOptions.Setting> settings) {
            return settings.stream().map(s -> new SettingView(s.name(), SettingKindView.valueOf(s.kind().name()),
                    s.description(), s.defaultNumber(), s.defaultList(), s.defaultChoice(), s.min(), s.minExclusive(),
                    s.max(), s.maxExclusive(), s.maxKey(), s.maxItems(), s.maxItemsKey(), ChoiceView.of(s.choices())))
                    .toList();
        }
    }

    @Name("TrainingOptions")
    @Description("The settings startRun takes: the run's own (task, device, seed), its training settings and its "
            + "compression stage's")
    public record TrainingOptionsView(@Description("task, device and seed of StartRunInput")
            @NonNull List<@NonNull SettingView> run,
            @Description("The fields of TrainingInput") @NonNull List<@NonNull SettingView> training,
            @Description("The fields of CompressionInput (techniques: a list of its choices)")
            @NonNull List<@NonNull SettingView> compression) {
        static TrainingOptionsView of(RunBounds bounds) {
            return new TrainingOptionsView(SettingView.of(RunOptions.run()),
                    SettingView.of(RunOptions.training(bounds)), SettingView.of(RunOptions.compression()));
        }
    }

    @Name("SearchParameter")
    @Description("A parameter a study may search, and the values a trial may be given")
    public record SearchParameterView(@NonNull String name,
            @Description("The type it is searched as") @NonNull ParameterType type,
            @Description("True when an INT parameter may also be searched as CATEGORICAL whole numbers")
            boolean categoricalAllowed,
            @Description("The values a CATEGORICAL parameter may take; empty: any value of its kind")
            @NonNull List<@NonNull ChoiceView> choices,
            Double min, boolean minExclusive, Double max, boolean maxExclusive,
            @Description("The configuration key that raises max") String maxKey, @NonNull String description) {
        static List<SearchParameterView> of(List<RunOptions.SearchParameter> parameters) {
            return parameters.stream().map(p -> new SearchParameterView(p.name(), p.type(), p.categoricalAllowed(),
                    ChoiceView.of(p.choices()), p.min(), p.minExclusive(), p.max(), p.maxExclusive(), p.maxKey(),
                    p.description())).toList();
        }
    }

    @Name("StudyObjective")
    @Description("A metric a study may optimise")
    public record ObjectiveView(@NonNull String name,
            @Description("The task it applies to; null when it applies to both") Task task,
            @Description("The direction a study takes when it names none") @NonNull Direction direction,
            @NonNull String description) {
        static List<ObjectiveView> of(List<RunOptions.Objective> objectives) {
            return objectives.stream().map(o -> new ObjectiveView(o.name(), o.task(), o.direction(), o.description()))
                    .toList();
        }
    }

    @Name("SearchSpaceOptions")
    @Description("What a study (TuningInput) may say")
    public record SearchSpaceOptionsView(
            @Description("sampler, pruner and the study's numbers (maxTrials, parallelism, gridPoints, minResource, "
                    + "reductionFactor)") @NonNull List<@NonNull SettingView> study,
            @NonNull List<@NonNull ObjectiveView> objectives, @NonNull List<@NonNull ChoiceView> directions,
            @Description("The types a ParameterInput may have") @NonNull List<@NonNull ChoiceView> parameterTypes,
            @NonNull List<@NonNull SearchParameterView> parameters) {
        static SearchSpaceOptionsView of(RunBounds bounds) {
            return new SearchSpaceOptionsView(SettingView.of(RunOptions.study(bounds)),
                    ObjectiveView.of(RunOptions.OBJECTIVES), ChoiceView.of(RunOptions.DIRECTIONS),
                    ChoiceView.of(RunOptions.PARAMETER_TYPES), SearchParameterView.of(RunOptions.searchParameters(bounds)));
        }
    }
}
