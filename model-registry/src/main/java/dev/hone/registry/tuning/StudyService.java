package dev.hone.registry.tuning;

import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotFoundException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Studies and trials. Each method is one short transaction and safe to repeat. */
@ApplicationScoped
public class StudyService {

    @ApplicationScoped
    static class StudyRepository implements PanacheRepository<Study> {
    }

    @ApplicationScoped
    static class TrialRepository implements PanacheRepository<Trial> {
    }

    private final StudyRepository studies;
    private final TrialRepository trials;

    StudyService(StudyRepository studies, TrialRepository trials) {
        this.studies = studies;
        this.trials = trials;
    }

    /** Creates the study of a run attempt, or returns the one a previous call created. */
    @Transactional
    public Study createOrGet(Study template) {
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
        Study study = get(studyId);
        studies.getEntityManager().lock(study, LockModeType.PESSIMISTIC_WRITE);
        Optional<Trial> existing = trial(studyId, number);
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
     * start, so the values an earlier attempt recorded are dropped.
     */
    @Transactional
    public Trial startAttempt(long studyId, int number, int attempt, String worker) {
        Trial t = require(studyId, number);
        if (t.attempt != attempt) {
            t.attempt = attempt;
            t.intermediateJson = "[]";
        }
        t.worker = worker;
        return t;
    }

    /**
     * Stores a running trial's objective values so far (element i is epoch i+1), replacing what was
     * stored; the values come from the trial's current attempt.
     */
    @Transactional
    public Trial recordCurve(long studyId, int number, List<Double> values, String worker) {
        Trial t = require(studyId, number);
        t.intermediateJson = Json.write(values);
        t.worker = worker;
        return t;
    }

    /** Ends a trial: COMPLETED or PRUNED with a value, or FAILED with an error. */
    @Transactional
    public Trial finishTrial(long studyId, int number, String status, Double value, String error) {
        Trial t = require(studyId, number);
        t.status = status;
        t.value = value;
        t.error = error;
        t.endedAt = Instant.now();
        return t;
    }

    /** Closes the study with its best COMPLETED trial. */
    @Transactional
    public Study finish(long studyId) {
        Study s = get(studyId);
        Comparator<Trial> byValue = Comparator.comparingDouble(t -> t.value);
        if ("MAXIMIZE".equals(s.direction)) {
            byValue = byValue.reversed();
        }
        Optional<Trial> best = trials(studyId).stream()
                .filter(t -> "COMPLETED".equals(t.status) && t.value != null)
                .min(byValue.thenComparingInt(t -> t.number));
        s.status = best.isPresent() ? "COMPLETED" : "FAILED";
        s.bestTrial = best.map(t -> t.number).orElse(null);
        s.bestValue = best.map(t -> t.value).orElse(null);
        s.endedAt = Instant.now();
        return s;
    }

    public static List<Double> intermediate(Trial t) {
        return Json.read(t.intermediateJson, new com.fasterxml.jackson.core.type.TypeReference<List<Double>>() { });
    }

    private Trial require(long studyId, int number) {
        return trial(studyId, number)
                .orElseThrow(() -> new NotFoundException("Study " + studyId + " has no trial " + number));
    }
}
