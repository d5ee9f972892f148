package dev.hone.registry.tuning;

import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Studies and trials. Each method is one short transaction and safe to repeat. A study ends with
 * its run ({@link RunService#ended}); every write into a study takes the study's lock and is
 * refused once the study has ended, and a trial's writes are refused once a newer attempt of the
 * trial took over, so work that outlived its study or its attempt cannot change what was recorded.
 */
@ApplicationScoped
public class StudyService {

    @ApplicationScoped
    public static class StudyRepository implements PanacheRepository<Study> {
    }

    @ApplicationScoped
    public static class TrialRepository implements PanacheRepository<Trial> {
    }

    private final StudyRepository studies;
    private final TrialRepository trials;
    private final RunService runs;

    StudyService(StudyRepository studies, TrialRepository trials, RunService runs) {
        this.studies = studies;
        this.trials = trials;
        this.runs = runs;
    }

    /**
     * Creates the study of the run's current attempt, or returns the one a previous call created.
     * The run must still be running that attempt in {@code workflowId}: a study is never opened
     * for a run that has ended, so no study can outlive its run.
     */
    @Transactional
    public Study createOrGet(Study template, String workflowId) {
        Run run = runs.requireCurrent(template.runId, workflowId);
        template.attempt = run.attempt;
        Study existing = studies.find("runId = ?1 and attempt = ?2", template.runId, template.attempt).firstResult();
        if (existing != null) {
            return existing;
        }
        template.status = "RUNNING";
        template.createdAt = Instant.now();
        studies.persist(template);
        return template;
    }

    @Transactional
    public Study get(long id) {
        Study s = studies.findById(id);
        if (s == null) {
            throw new NotFoundException("Study " + id + " does not exist");
        }
        return s;
    }

    /** Where a warm-started study starts: the earlier study and its best trials' parameters (a JSON list). */
    public record WarmStartFrom(long studyId, String pointsJson) {
    }

    /**
     * The newest COMPLETED study of another run of the same model as {@code runId}, with the parameters of its best
     * {@code count} completed trials, best first; empty when the model has none.
     */
    @Transactional
    public Optional<WarmStartFrom> warmStart(long runId, int count) {
        Run run = runs.get(runId);
        Optional<Study> previous = studies.getEntityManager().createQuery("select s from Study s, Run r "
                + "where s.runId = r.id and r.modelName = ?1 and r.id <> ?2 and s.status = 'COMPLETED' "
                + "order by s.id desc", Study.class).setParameter(1, run.modelName).setParameter(2, runId)
                .setMaxResults(1).getResultStream().findFirst();
        return previous.map(p -> {
            Comparator<Trial> byValue = Comparator.comparingDouble(t -> t.value);
            if ("MAXIMIZE".equals(p.direction)) {
                byValue = byValue.reversed();
            }
            List<Object> points = trials(p.id).stream().filter(t -> "COMPLETED".equals(t.status) && t.value != null)
                    .sorted(byValue.thenComparingInt(t -> t.number)).limit(count)
                    .map(t -> Json.read(t.paramsJson, Object.class)).toList();
            return new WarmStartFrom(p.id, Json.write(points));
        });
    }

    /** The study of a run's latest attempt that had one. */
    @Transactional
    public Optional<Study> forRun(long runId) {
        return studies.find("runId = ?1 order by attempt desc", runId).firstResultOptional();
    }

    /** Many studies by id, in one query. */
    @Transactional
    public Map<Long, Study> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return studies.list("id in ?1", ids).stream().collect(Collectors.toMap(st -> st.id, st -> st));
    }

    /** The latest study of each of many runs, in one query. */
    @Transactional
    public Map<Long, Study> forRuns(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Study> latest = new LinkedHashMap<>();
        for (Study s : studies.list("runId in ?1 order by attempt", runIds)) {
            latest.put(s.runId, s);
        }
        return latest;
    }

    @Transactional
    public Optional<Trial> trial(long studyId, int number) {
        return trials.find("studyId = ?1 and number = ?2", studyId, number).firstResultOptional();
    }

    /** Trials of a study in number order. */
    @Transactional
    public List<Trial> trials(long studyId) {
        return trials.list("studyId = ?1 order by number", studyId);
    }

    /**
     * Every trial of a study without its curve, in number order: one small row per trial, which a
     * running trial reads at each epoch to find the curves that changed since it last read them.
     */
    @Transactional
    public List<TrialProgress> progress(long studyId) {
        return trials.getEntityManager().createQuery("select new dev.hone.registry.tuning.TrialProgress(t.number, "
                + "t.status, t.curveWrites) from Trial t where t.studyId = ?1 order by t.number", TrialProgress.class)
                .setParameter(1, studyId)
                .getResultList();
    }

    /** The given trials of a study, in number order; numbers without a trial are left out. */
    @Transactional
    public List<Trial> trials(long studyId, Collection<Integer> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        return trials.list("studyId = ?1 and number in ?2 order by number", studyId, numbers);
    }

    /** Trials of many studies in one query. */
    @Transactional
    public Map<Long, List<Trial>> trialsOf(Collection<Long> studyIds) {
        if (studyIds.isEmpty()) {
            return Map.of();
        }
        return trials.list("studyId in ?1 order by studyId, number", studyIds).stream()
                .collect(Collectors.groupingBy(t -> t.studyId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Stores a proposal as a RUNNING trial; a repeated call returns the stored one. */
    @Transactional
    public Trial propose(long studyId, int number, String paramsJson, String settingsJson) {
        Optional<Trial> existing = trial(studyId, number);
        if (existing.isPresent()) {
            return existing.get();
        }
        open(studyId, LockModeType.PESSIMISTIC_WRITE);
        existing = trial(studyId, number);
        if (existing.isPresent()) {
            return existing.get();
        }
        Trial t = new Trial();
        t.studyId = studyId;
        t.number = number;
        t.paramsJson = paramsJson;
        t.settingsJson = settingsJson;
        t.status = "RUNNING";
        t.intermediateJson = "[]";
        t.startedAt = Instant.now();
        trials.persist(t);
        return t;
    }

    /**
     * Marks the start of an attempt at a running trial on a worker. A new attempt trains from the
     * start, so the values an earlier attempt recorded are dropped; from now on only this attempt
     * may write the trial.
     *
     * @throws EndedException when the study or the trial has ended, or a newer attempt took over
     */
    @Transactional
    public Trial startAttempt(long studyId, int number, int attempt, String worker) {
        open(studyId, LockModeType.PESSIMISTIC_READ);
        Trial t = running(studyId, number);
        if (attempt < t.attempt) {
            throw new EndedException("Trial " + number + " of study " + studyId + " runs as attempt " + t.attempt
                    + " now; attempt " + attempt + " was refused");
        }
        if (t.attempt != attempt) {
            t.attempt = attempt;
            t.intermediateJson = "[]";
            t.curveWrites++;
        }
        t.worker = worker;
        return t;
    }

    /**
     * Stores a running trial's objective values so far (element i is epoch i+1), replacing what was
     * stored; the values come from the trial's current attempt.
     *
     * @throws EndedException when the study or the trial has ended, or {@code attempt} is not the current one
     */
    @Transactional
    public Trial recordCurve(long studyId, int number, int attempt, List<Double> values, String worker) {
        Trial t = writable(studyId, number, attempt);
        t.intermediateJson = Json.write(values);
        t.curveWrites++;
        t.worker = worker;
        return t;
    }

    /**
     * Checks that attempt {@code attempt} of a trial may still write, as its next write would.
     *
     * @throws EndedException when the study or the trial has ended, or {@code attempt} is not the current one
     */
    @Transactional
    public void checkAttempt(long studyId, int number, int attempt) {
        writable(studyId, number, attempt);
    }

    /**
     * Ends a trial's current attempt: COMPLETED or PRUNED with a value, or FAILED with an error.
     *
     * @throws EndedException when the study or the trial has ended, or {@code attempt} is not the current one
     */
    @Transactional
    public Trial finishTrial(long studyId, int number, int attempt, String status, Double value, String error) {
        return finishTrial(studyId, number, attempt, status, value, null, null, error);
    }

    /**
     * As above, with the study's second objective measured on the trial ({@code cost}, null without one) and, in a
     * cross-validated study, each fold's value ({@code foldValues}, whose mean is {@code value}; null otherwise).
     */
    @Transactional
    public Trial finishTrial(long studyId, int number, int attempt, String status, Double value, Double cost,
            List<Double> foldValues, String error) {
        Trial t = writable(studyId, number, attempt);
        t.status = status;
        t.value = value;
        t.cost = cost;
        t.foldValuesJson = foldValues == null ? null : Json.write(foldValues);
        t.error = error;
        t.endedAt = Instant.now();
        return t;
    }

    /** Records, for the study, that a trial failed for good (its last attempt failed); repeating it is harmless. */
    @Transactional
    public void trialFailed(long studyId, int number, String error) {
        open(studyId, LockModeType.PESSIMISTIC_READ);
        Trial t = require(studyId, number);
        if ("RUNNING".equals(t.status)) {
            t.status = "FAILED";
            t.error = error;
            t.endedAt = Instant.now();
        }
    }

    /**
     * Closes the study with its best COMPLETED trial.
     *
     * @throws EndedException when the study has already ended otherwise (its run was cancelled or interrupted)
     */
    @Transactional
    public Study finish(long studyId) {
        return finish(studyId, null);
    }

    /**
     * Closes the study with the COMPLETED trial its run trains, and says why in {@link Study#choice}: the best on the
     * objective; in a cross-validated study whose trial 0 is the base settings (every sampler but a grid), trial 0
     * unless the best one's lead over it is clear on the folds ({@link FoldComparison}); given a cost tolerance
     * (percent), the cheapest of those whose objective is within that share of that trial's (ties: the better
     * objective, then the lower number). The cheapest such trial is on the Pareto front: a trial that beat it on
     * both would be within the tolerance too, and cheaper.
     *
     * @throws EndedException when the study has already ended otherwise (its run was cancelled or interrupted)
     */
    @Transactional
    public Study finish(long studyId, Double costTolerance) {
        Study s = studies.findById(studyId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw new NotFoundException("Study " + studyId + " does not exist");
        }
        if ("COMPLETED".equals(s.status) || "FAILED".equals(s.status)) {
            return s; // a repeated call
        }
        if (!"RUNNING".equals(s.status)) {
            throw new EndedException("Study " + studyId + " has ended (" + s.status + ")");
        }
        boolean maximize = "MAXIMIZE".equals(s.direction);
        Comparator<Trial> byValue = Comparator.comparingDouble(t -> t.value);
        if (maximize) {
            byValue = byValue.reversed();
        }
        Comparator<Trial> better = byValue.thenComparingInt(t -> t.number);
        List<Trial> completed = trials(studyId).stream()
                .filter(t -> "COMPLETED".equals(t.status) && t.value != null).toList();
        Optional<Trial> top = completed.stream().min(better);
        String why = top.map(t -> "trial " + t.number + ": the best on " + s.objective).orElse(null);
        Optional<Trial> base = completed.stream().filter(t -> t.number == 0 && t.foldValuesJson != null).findFirst();
        boolean compared = top.isPresent() && top.get().number != 0 && top.get().foldValuesJson != null
                && base.isPresent() && s.folds != null && !"GRID".equals(s.sampler);
        FoldComparison c = compared ? FoldComparison.of(foldValues(base.get()), foldValues(top.get()), maximize) : null;
        if (c != null) {
            String lead = String.format(Locale.ROOT, "by %.4g on the mean of %d folds, %s the standard error of the "
                    + "fold-by-fold differences (%.4g)", c.meanGain(), c.folds(),
                    c.clear() ? "more than" : "within", c.standardError());
            why = c.clear() ? why + ", ahead of trial 0 (the base settings) " + lead
                    : "trial 0 (the base settings): the best on " + s.objective + ", trial " + top.get().number
                    + ", was ahead of it " + lead;
        }
        Optional<Trial> best = c == null || c.clear() ? top : base;
        Optional<Trial> chosen = best;
        if (best.isPresent() && costTolerance != null && costTolerance > 0) {
            double bestValue = best.get().value;
            double slack = Math.abs(bestValue) * costTolerance / 100;
            chosen = completed.stream()
                    .filter(t -> t.cost != null
                            && (maximize ? t.value >= bestValue - slack : t.value <= bestValue + slack))
                    .min(Comparator.comparingDouble((Trial t) -> t.cost).thenComparing(better)).or(() -> best);
            if (chosen.get().number != best.get().number) {
                why = "trial " + chosen.get().number + ": the cheapest within " + costTolerance
                        + "% of the objective of " + why;
            }
        }
        s.status = chosen.isPresent() ? "COMPLETED" : "FAILED";
        s.bestTrial = chosen.map(t -> t.number).orElse(null);
        s.bestValue = chosen.map(t -> t.value).orElse(null);
        s.choice = why;
        s.endedAt = Instant.now();
        return s;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<Double>> NUMBERS =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    /** A cross-validated trial's value on each fold, in fold order. */
    public static List<Double> foldValues(Trial t) {
        return Json.read(t.foldValuesJson, NUMBERS);
    }

    public static List<Double> intermediate(Trial t) {
        return Json.read(t.intermediateJson, NUMBERS);
    }

    private Trial require(long studyId, int number) {
        return trial(studyId, number)
                .orElseThrow(() -> new NotFoundException("Study " + studyId + " has no trial " + number));
    }

    /** The study, locked, when it is still RUNNING; a write into an ended study is refused. */
    private Study open(long studyId, LockModeType lock) {
        Study s = studies.findById(studyId, lock);
        if (s == null) {
            throw new NotFoundException("Study " + studyId + " does not exist");
        }
        if (!"RUNNING".equals(s.status)) {
            throw new EndedException("Study " + studyId + " has ended (" + s.status + "); the write was refused");
        }
        return s;
    }

    private Trial running(long studyId, int number) {
        Trial t = trials.find("studyId = ?1 and number = ?2", studyId, number)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Study " + studyId + " has no trial " + number));
        if (!"RUNNING".equals(t.status)) {
            throw new EndedException("Trial " + number + " of study " + studyId + " has ended (" + t.status
                    + "); the write was refused");
        }
        return t;
    }

    /** A trial that attempt {@code attempt} may still write: its study and itself running, and no newer attempt. */
    private Trial writable(long studyId, int number, int attempt) {
        open(studyId, LockModeType.PESSIMISTIC_READ);
        Trial t = running(studyId, number);
        if (t.attempt != attempt) {
            throw new EndedException("Trial " + number + " of study " + studyId + " runs as attempt " + t.attempt
                    + " now; the write of attempt " + attempt + " was refused");
        }
        return t;
    }
}
