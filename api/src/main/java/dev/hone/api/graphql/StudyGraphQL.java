package dev.hone.api.graphql;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hone.activities.tuning.StudyMapping;
import dev.hone.api.error.NotFoundError;
import dev.hone.api.graphql.Types.ModelVersionView;
import dev.hone.api.graphql.Types.RunView;
import dev.hone.ml.tuning.ParameterImportance;
import dev.hone.ml.tuning.Pareto;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TuningSpaces;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.StudyCost;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Hyperparameter studies and their trials. */
@GraphQLApi
@ApplicationScoped
public class StudyGraphQL {

    private final StudyService studies;

    public StudyGraphQL(StudyService studies) {
        this.studies = studies;
    }

    @Name("Study")
    @Description("A hyperparameter study")
    public record StudyView(@Id long id, long runId, @NonNull Sampler sampler, @NonNull Pruner pruner,
            @NonNull String objective, @NonNull Direction direction, int maxTrials, int parallelism,
            @Description("RUNNING, COMPLETED or FAILED; CANCELLED, INTERRUPTED (or FAILED) when its run ended that way "
                    + "before the study finished") @NonNull String status,
            @Description("The trial the run trains, once the study finished: the best on the objective (on small "
                    + "data, trial 0 unless the best one's lead over it is larger than the standard error of their "
                    + "fold-by-fold differences), or with a cost the cheapest within costTolerance of it")
            Integer bestTrialNumber,
            @Description("bestTrialNumber's objective") Double bestValue,
            @Description("Why the study chose bestTrialNumber, in a sentence (with the lead and its standard error "
                    + "when it compared trials fold by fold); null before it finished") String choice,
            @Description("The study as requested, defaults filled in") @NonNull StudySpecView spec,
            @Description("Training rows each trial trained on when the study used a row sample (tuning.sampleRows; "
                    + "drawn once, stratified by class for classification); null when trials trained on every row")
            Integer sampleRows,
            @Description("On small data: how many folds each trial was cross-validated on (the training and validation"
                    + " rows together, dealt by the run's seed; a trial's value is the folds' mean, its epoch curve"
                    + " fold 1's); null when trials were scored on the validation split") Integer folds,
            @Description("The second objective minimized beside the metric (tuning.cost); null for a study of one")
            StudyCost cost,
            @Description("With a cost: the trained trial's objective may be this many percent from the best one's, "
                    + "for being cheaper (tuning.costTolerance)") Double costTolerance,
            @Description("How many of an earlier study's best trials this study was asked to try first "
                    + "(tuning.warmStartTrials); null for a cold start") Integer warmStartTrials,
            @Description("The earlier study of the same model it was warm-started from (its best trials are this "
                    + "study's trials 1, 2, ...); null when cold, or when the model had no finished study")
            Long warmStartedFromStudyId,
            @NonNull Instant createdAt, Instant endedAt, @Ignore TuningSpec request) {
        static StudyView of(Study s) {
            TuningSpec request = Json.read(s.specJson, TuningSpec.class);
            return new StudyView(s.id, s.runId, Sampler.of(s.sampler), Pruner.of(s.pruner), s.objective,
                    Direction.of(s.direction), s.maxTrials,
                    s.parallelism, s.status, s.bestTrial, s.bestValue, s.choice,
                    StudySpecView.of(request), s.sampleRows, s.folds, request.cost(), request.costTolerance(),
                    request.warmStartTrials(), s.warmStartStudyId, s.createdAt, s.endedAt, request);
        }
    }

    @Name("StudySpec")
    @Description("A study as requested (TuningInput with its defaults filled in)")
    public record StudySpecView(@NonNull Sampler sampler, @NonNull Pruner pruner, @NonNull String objective,
            @NonNull Direction direction, int maxTrials, int parallelism, int gridPoints, int minResource,
            int reductionFactor, @NonNull List<@NonNull SearchedParameterView> parameters) {
        static StudySpecView of(TuningSpec t) {
            return new StudySpecView(t.sampler(), t.pruner(), t.objective(), t.direction(), t.maxTrials(),
                    t.parallelism(), t.gridPoints(), t.minResource(), t.reductionFactor(),
                    t.parameters() == null ? List.of() : t.parameters().stream().map(SearchedParameterView::of).toList());
        }
    }

    @Name("SearchedParameter")
    @Description("One parameter of a study's search space, as requested (ParameterInput)")
    public record SearchedParameterView(@NonNull String name, @NonNull ParameterType type, Double low, Double high,
            Boolean log, Integer step, List<@NonNull String> choices, String conditionParameter,
            List<@NonNull String> conditionValues) {
        static SearchedParameterView of(ParameterDef p) {
            return new SearchedParameterView(p.name(), p.type(), p.low(), p.high(), p.log(), p.step(), p.choices(),
                    p.conditionParameter(), p.conditionValues());
        }
    }

    @Name("TrialParameter")
    @Description("One value a trial was given; a parameter inactive under its condition is absent")
    public record TrialParameterView(@NonNull String name,
            @Description("The value as a number, when it is one (also a whole-number choice)") Double number,
            @Description("The value as text (a CATEGORICAL choice as written)") @NonNull String text) {
        static List<TrialParameterView> of(String json) {
            Map<String, Object> values = Json.read(json, new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
            return values.entrySet().stream().map(e -> new TrialParameterView(e.getKey(), number(e.getValue()),
                    String.valueOf(e.getValue()))).toList();
        }

        private static Double number(Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return Double.valueOf(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    @Name("Trial")
    @Description("One trial: sampled parameters, objective value per epoch, outcome")
    public record TrialView(int number,
            @Description("RUNNING, COMPLETED, PRUNED or FAILED; CANCELLED or INTERRUPTED when its run ended that way "
                    + "meanwhile") @NonNull String status, Double value,
            @Description("In a cross-validated study (folds), each fold's objective value at its best epoch, in fold "
                    + "order (value is their mean); null otherwise") List<@NonNull Double> foldValues,
            @Description("A study with a cost: the trial's model's batch-1 latency (microseconds) or parameter count, "
                    + "measured when it completed; null otherwise") Double cost,
            @Description("Sampled parameter values") @NonNull List<@NonNull TrialParameterView> parameters,
            @Description("Complete training settings") @NonNull TrainingSettings settings,
            @NonNull List<@NonNull Double> intermediateValues, String error,
            @Description("Worker process that ran (or runs) the trial: task queue@pid@host") String worker,
            @Description("Attempt that ran (or runs) the trial; above 1 after a worker crash") int attempt,
            @NonNull Instant startedAt, Instant endedAt, @Ignore long studyId) {
        static TrialView of(Trial t) {
            return new TrialView(t.number, t.status, t.value,
                    t.foldValuesJson == null ? null : StudyService.foldValues(t), t.cost,
                    TrialParameterView.of(t.paramsJson),
                    Types.settings(t.settingsJson),
                    StudyService.intermediate(t), t.error, t.worker, t.attempt, t.startedAt, t.endedAt, t.studyId);
        }
    }

    @Query("study")
    @Description("One study by id")
    @RequiresPermission(Permission.READ)
    public @NonNull StudyView study(@Id long id) {
        return StudyView.of(studies.get(id));
    }

    @Subscription("trialUpdates")
    @Description("Streams each trial of a study whenever it changes (a new epoch value, or its end) until the "
            + "study ends; a subscriber first receives every trial as it stands")
    @RequiresPermission(Permission.READ)
    public Multi<TrialView> trialUpdates(@Id long studyId) {
        Map<Integer, String> seen = new ConcurrentHashMap<>();
        return Polling.until(() -> {
            boolean running;
            try {
                running = "RUNNING".equals(studies.get(studyId).status);
            } catch (NotFoundException e) {
                throw new NotFoundError(e.getMessage());
            }
            List<TrialView> changed = new ArrayList<>();
            for (Trial t : studies.trials(studyId)) {
                String state = t.status + "|" + t.intermediateJson + "|" + t.value;
                if (!state.equals(seen.put(t.number, state))) {
                    changed.add(TrialView.of(t));
                }
            }
            return new Polling.Tick<>(changed, !running);
        });
    }

    @Description("Trials, best first (finished trials by objective value, then the rest by number)")
    public List<@NonNull List<@NonNull TrialView>> trials(@Source List<StudyView> list) {
        Map<Long, List<Trial>> byStudy = studies.trialsOf(list.stream().map(StudyView::id).toList());
        return list.stream().map(s -> {
            Comparator<Trial> byValue = Comparator.comparing(t -> t.value,
                    Comparator.nullsLast(s.direction() == Direction.MAXIMIZE
                            ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()));
            return byStudy.getOrDefault(s.id(), List.of()).stream()
                    .sorted(byValue.thenComparingInt(t -> t.number)).map(TrialView::of).toList();
        }).toList();
    }

    @Name("ParameterImportance")
    @Description("How much a searched parameter decides the objective")
    public record ImportanceView(@NonNull String parameter,
            @Description("Its share, from 0 to 1; the shares of a study add up to 1") double importance) {
    }

    @Description("How much each searched parameter decides the objective, most important first: a random forest "
            + "learns the objective from the completed trials, then each parameter is shuffled across them in turn "
            + "and the change of the forest's predictions is its share. A parameter the objective ignores scores "
            + "about 0. Empty until " + ParameterImportance.MIN_TRIALS + " trials have completed")
    public List<@NonNull List<@NonNull ImportanceView>> importance(@Source List<StudyView> list) {
        Map<Long, List<Trial>> byStudy = studies.trialsOf(list.stream().map(StudyView::id).toList());
        return list.stream().map(s -> ParameterImportance.of(TuningSpaces.space(s.request()),
                byStudy.getOrDefault(s.id(), List.of()).stream().filter(t -> "COMPLETED".equals(t.status))
                        .map(StudyMapping::toMl).toList(), s.id())
                .stream().map(i -> new ImportanceView(i.parameter(), i.importance())).toList()).toList();
    }

    @Description("A study with a cost: the completed trials no other beats on both the objective and the cost (the "
            + "Pareto front), cheapest first; empty for a study of one objective")
    public List<@NonNull List<@NonNull TrialView>> front(@Source List<StudyView> list) {
        Map<Long, List<Trial>> byStudy = studies.trialsOf(list.stream().map(StudyView::id).toList());
        return list.stream().map(s -> {
            List<Trial> measured = byStudy.getOrDefault(s.id(), List.of()).stream()
                    .filter(t -> "COMPLETED".equals(t.status) && t.value != null && t.cost != null).toList();
            double[][] points = measured.stream().map(t -> new double[] {
                    s.direction() == Direction.MAXIMIZE ? -t.value : t.value, t.cost}).toArray(double[][]::new);
            return Pareto.front(points).stream().map(measured::get)
                    .sorted(Comparator.comparingDouble((Trial t) -> t.cost).thenComparingInt(t -> t.number))
                    .map(TrialView::of).toList();
        }).toList();
    }

    @Description("The trial the run trains (bestTrialNumber)")
    public List<TrialView> bestTrial(@Source List<StudyView> list) {
        Map<Long, List<Trial>> byStudy = studies.trialsOf(list.stream().map(StudyView::id).toList());
        return list.stream().map(s -> s.bestTrialNumber() == null ? null : byStudy.getOrDefault(s.id(), List.of()).stream()
                .filter(t -> t.number == s.bestTrialNumber()).findFirst().map(TrialView::of).orElse(null)).toList();
    }

    @Name("study")
    @Description("The run's hyperparameter study, when it asked for one")
    public List<StudyView> runStudy(@Source List<RunView> runs) {
        Map<Long, Study> byRun = studies.forRuns(runs.stream().map(RunView::id).toList());
        return runs.stream().map(r -> byRun.containsKey(r.id()) ? StudyView.of(byRun.get(r.id())) : null).toList();
    }

    @Name("study")
    @Description("Lineage: the study that chose this version's settings")
    public List<StudyView> versionStudy(@Source List<ModelVersionView> versions) {
        Map<Long, Study> byId = studies.byIds(versions.stream().map(ModelVersionView::studyId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        return versions.stream().map(v -> v.studyId() == null ? null : StudyView.of(byId.get(v.studyId()))).toList();
    }

}
