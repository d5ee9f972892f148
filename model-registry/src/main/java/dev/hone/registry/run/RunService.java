package dev.hone.registry.run;

import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.model.Repositories.ModelVersionRepository;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService.StudyRepository;
import dev.hone.registry.tuning.StudyService.TrialRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Run records and their stages. Every method is one short transaction, and repeating a call
 * leaves the same state, so workflow activities may retry them freely. A run's end is one
 * transaction with everything that must end with it (its stage, study, trials and version), under
 * the run's row lock, which every write of the run's work takes too: whatever the order in which a
 * cancel, a crash, a stop and the work itself reach the database, the run ends in one consistent state.
 */
@ApplicationScoped
public class RunService {

    private final RunRepository runs;
    private final RunStageRepository stages;
    private final RunAttemptRepository attempts;
    private final ModelVersionRepository versions;
    private final StudyRepository studies;
    private final TrialRepository trials;

    private final ChangeFeed feed;

    public RunService(RunRepository runs, RunStageRepository stages, RunAttemptRepository attempts,
            ModelVersionRepository versions, StudyRepository studies, TrialRepository trials, ChangeFeed feed) {
        this.feed = feed;
        this.runs = runs;
        this.stages = stages;
        this.attempts = attempts;
        this.versions = versions;
        this.studies = studies;
        this.trials = trials;
    }

    /** What a user asks for when starting a run. */
    public record RunSpec(long datasetVersionId, String target, String task, String modelName, String device,
            long seed, String settingsJson, String tuningJson, String compressionJson, String validationJson) {

        /** A run with the validation gate's defaults. */
        public RunSpec(long datasetVersionId, String target, String task, String modelName, String device, long seed,
                String settingsJson, String tuningJson, String compressionJson) {
            this(datasetVersionId, target, task, modelName, device, seed, settingsJson, tuningJson, compressionJson,
                    null);
        }
    }

    @Transactional
    public Run create(RunSpec spec, String user) {
        return create(spec, user, null);
    }

    /** As {@link #create(RunSpec, String)}, for a schedule's fire (null: none). */
    @Transactional
    public Run create(RunSpec spec, String user, Long scheduleFireId) {
        Run run = new Run();
        run.scheduleFireId = scheduleFireId;
        run.status = RunStatus.QUEUED;
        run.datasetVersionId = spec.datasetVersionId();
        run.target = spec.target();
        run.task = spec.task();
        run.modelName = spec.modelName();
        run.device = spec.device();
        run.seed = spec.seed();
        run.settingsJson = spec.settingsJson();
        run.tuningJson = spec.tuningJson();
        run.compressionJson = spec.compressionJson();
        run.validationJson = spec.validationJson();
        run.attempt = 1;
        run.createdBy = user;
        run.createdAt = Instant.now();
        runs.persist(run);
        recordAttempt(run, user);
        return run;
    }

    /** The run a schedule's fire started, if any. */
    @Transactional
    public Optional<Run> ofScheduleFire(long fireId) {
        return runs.find("scheduleFireId", fireId).firstResultOptional();
    }

    private void recordAttempt(Run run, String user) {
        RunAttempt a = new RunAttempt();
        a.runId = run.id;
        a.attempt = run.attempt;
        a.startedBy = user;
        a.startedAt = Instant.now();
        attempts.persist(a);
    }

    /** Who started each attempt of many runs, in attempt order, in one query. */
    @Transactional
    public Map<Long, List<RunAttempt>> attemptsOf(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return attempts.list("runId in ?1 order by runId, attempt", runIds).stream()
                .collect(Collectors.groupingBy(a -> a.runId, LinkedHashMap::new, Collectors.toList()));
    }

    @Transactional
    public void setWorkflowId(long runId, String workflowId) {
        get(runId).workflowId = workflowId;
    }

    @Transactional
    public Run get(long id) {
        Run run = runs.findById(id);
        if (run == null) {
            throw new NotFoundException("Run " + id + " does not exist");
        }
        return run;
    }

    /** Many runs by id in one query. */
    @Transactional
    public Map<Long, Run> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return runs.list("id in ?1", ids).stream().collect(Collectors.toMap(r -> r.id, r -> r));
    }

    @Transactional
    public List<Run> list(RunStatus status, Collection<Long> datasetVersionIds, int page, int size) {
        Filter f = filter(status, datasetVersionIds);
        return runs.find(f.query + " order by id desc", f.params).page(Page.of(page, size)).list();
    }

    @Transactional
    public long count(RunStatus status, Collection<Long> datasetVersionIds) {
        Filter f = filter(status, datasetVersionIds);
        return runs.count(f.query, f.params);
    }

    private record Filter(String query, Parameters params) {
    }

    /** A null collection means any data set version; an empty one matches nothing. */
    private static Filter filter(RunStatus status, Collection<Long> datasetVersionIds) {
        List<String> clauses = new ArrayList<>();
        Parameters p = new Parameters();
        clauses.add("1 = 1");
        if (status != null) {
            clauses.add("status = :status");
            p = p.and("status", status);
        }
        if (datasetVersionIds != null) {
            clauses.add(datasetVersionIds.isEmpty() ? "1 = 0" : "datasetVersionId in :dv");
            if (!datasetVersionIds.isEmpty()) {
                p = p.and("dv", datasetVersionIds);
            }
        }
        return new Filter(String.join(" and ", clauses), p);
    }

    /** How many runs wait or run, by status and the stage they are in (null between stages). */
    public record InFlight(RunStatus status, String stage, long runs) {
    }

    /** The runs that have not ended, counted by status and current stage, in one query. */
    @Transactional
    public List<InFlight> inFlight() {
        return runs.getEntityManager().createQuery("select r.status, r.currentStage, count(r) from Run r "
                + "where r.status in ?1 group by r.status, r.currentStage", Object[].class)
                .setParameter(1, List.of(RunStatus.QUEUED, RunStatus.RUNNING)).getResultList().stream()
                .map(row -> new InFlight((RunStatus) row[0], (String) row[1], ((Number) row[2]).longValue()))
                .toList();
    }

    /** Stages of the current attempt of each run, in start order, in one query. */
    @Transactional
    public Map<Long, List<RunStage>> stagesOf(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        List<RunStage> rows = stages.list(
                "select s from RunStage s, Run r where s.runId = r.id and s.attempt = r.attempt and r.id in ?1 "
                        + "order by s.runId, s.id", runIds);
        return rows.stream().collect(Collectors.groupingBy(s -> s.runId, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * The run, locked against its end until the caller's transaction commits, when {@code workflowId}
     * runs its current attempt and it has not ended. Every write that work of a run makes goes
     * through here, so a worker that outlived its server, or an attempt that was superseded, cannot
     * change the run any more.
     *
     * @throws EndedException otherwise; nothing is written
     */
    @Transactional
    public Run requireCurrent(long runId, String workflowId) {
        Run run = runs.findById(runId, LockModeType.PESSIMISTIC_READ);
        if (run == null) {
            throw new NotFoundException("Run " + runId + " does not exist");
        }
        if (run.status.isFinal()) {
            throw new EndedException("Run " + runId + " has ended (" + run.status + "); the write of "
                    + workflowId + " was refused");
        }
        if (!Objects.equals(workflowId, run.workflowId)) {
            throw new EndedException("Run " + runId + " is now attempt " + run.attempt + " (" + run.workflowId
                    + "); the write of " + workflowId + " was refused");
        }
        return run;
    }

    private Run lockForEnd(long runId) {
        Run run = runs.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw new NotFoundException("Run " + runId + " does not exist");
        }
        return run;
    }

    @Transactional
    public void markStarted(long runId, String workflowId) {
        Run run = requireCurrent(runId, workflowId);
        if (run.status == RunStatus.QUEUED) {
            run.status = RunStatus.RUNNING;
            run.startedAt = Instant.now();
        }
    }

    /** Records where the run's compute goes and why (the attempt's workflow only). */
    @Transactional
    public void computeRouted(long runId, String workflowId, String device, String note) {
        Run run = requireCurrent(runId, workflowId);
        run.computeDevice = device;
        run.computeNote = note;
    }

    @Transactional
    public void stageStarted(long runId, String workflowId, String stage) {
        Run run = requireCurrent(runId, workflowId);
        run.currentStage = stage;
        if (run.status == RunStatus.QUEUED) {
            run.status = RunStatus.RUNNING;
            run.startedAt = Instant.now();
        }
        RunStage s = stages.find(runId, run.attempt, stage).orElseGet(() -> {
            RunStage n = new RunStage();
            n.runId = runId;
            n.attempt = run.attempt;
            n.stage = stage;
            n.startedAt = Instant.now();
            return n;
        });
        if (!"SUCCEEDED".equals(s.status)) {
            s.status = "RUNNING";
            s.progress = 0;
        }
        stages.persist(s);
    }

    /**
     * Records that a try of a stage's work began: {@code tryNumber} is the workflow service's attempt
     * of the stage's activity, so a retried training shows 2, 3, ...
     */
    @Transactional
    public void stageTry(long runId, String workflowId, String stage, int tryNumber) {
        Run run = requireCurrent(runId, workflowId);
        stages.find(runId, run.attempt, stage).ifPresent(s -> {
            if (tryNumber > s.tries) {
                s.tries = tryNumber;
                s.progress = 0;
                s.detail = "try " + tryNumber + " (the previous try failed, or its worker stopped or was lost)";
            }
        });
    }

    /** Progress inside a stage, written by the activity as it works. */
    @Transactional
    public void stageProgress(long runId, String workflowId, String stage, double progress, String detail,
            String metricsJson) {
        Run run = requireCurrent(runId, workflowId);
        stages.find(runId, run.attempt, stage).ifPresent(s -> {
            s.progress = Math.max(0, Math.min(1, progress));
            s.detail = detail;
            if (metricsJson != null) {
                s.metricsJson = metricsJson;
            }
        });
    }

    /** The stored result of a stage of the current attempt, if its activity already produced one. */
    @Transactional
    public Optional<String> stageOutput(long runId, String stage) {
        Run run = get(runId);
        return stages.find(runId, run.attempt, stage).map(s -> s.outputJson);
    }

    @Transactional
    public void saveStageOutput(long runId, String workflowId, String stage, String outputJson) {
        Run run = requireCurrent(runId, workflowId);
        RunStage s = stages.find(runId, run.attempt, stage)
                .orElseThrow(() -> new NotFoundException("Run " + runId + " has no stage " + stage));
        s.outputJson = outputJson;
    }

    /**
     * Closes one stage and opens the next in one transaction: a stage boundary is one step of the
     * workflow instead of two.
     */
    @Transactional
    public void stageBoundary(long runId, String workflowId, String completed, String metricsJson, String next) {
        stageCompleted(runId, workflowId, completed, metricsJson);
        stageStarted(runId, workflowId, next);
    }

    @Transactional
    public void stageCompleted(long runId, String workflowId, String stage, String metricsJson) {
        Run run = requireCurrent(runId, workflowId);
        stages.find(runId, run.attempt, stage).ifPresent(s -> {
            s.status = "SUCCEEDED";
            s.progress = 1;
            s.endedAt = s.endedAt == null ? Instant.now() : s.endedAt;
            if (metricsJson != null) {
                s.metricsJson = metricsJson;
            }
        });
        if (stage.equals(run.currentStage)) {
            run.currentStage = null;
        }
    }

    @Transactional
    public void setTask(long runId, String workflowId, String task) {
        requireCurrent(runId, workflowId).task = task;
    }

    /**
     * Records a cancel request, unless the run has ended. From now on the attempt cannot succeed:
     * whichever of the cancel and the success reaches the database first decides the run's end.
     *
     * @throws InvalidInputException when the run has already ended
     */
    @Transactional
    public Run requestCancel(long runId) {
        Run run = lockForEnd(runId);
        if (run.status.isFinal()) {
            throw new InvalidInputException("Run " + runId + " has already ended with status " + run.status);
        }
        if (run.cancelRequestedAt == null) {
            run.cancelRequestedAt = Instant.now();
        }
        return run;
    }

    /**
     * Ends the run as SUCCEEDED with its version, which becomes READY in the same transaction: a
     * version is never served while its run could still end otherwise. Repeating it is harmless.
     *
     * @return false, recording nothing, when a cancel request came first
     * @throws EndedException when the run ended otherwise or {@code workflowId} is not its current attempt
     */
    @Transactional
    public boolean succeeded(long runId, String workflowId, long modelVersionId, String testMetricsJson) {
        Run run = lockForEnd(runId);
        if (run.status == RunStatus.SUCCEEDED && Objects.equals(run.modelVersionId, modelVersionId)) {
            return true;
        }
        requireCurrent(runId, workflowId);
        if (run.cancelRequestedAt != null) {
            return false;
        }
        ModelVersion version = versions.findById(modelVersionId);
        if (version == null || version.runId != runId || version.runAttempt != run.attempt) {
            throw new NotFoundException("Run " + runId + " attempt " + run.attempt + " registered no version "
                    + modelVersionId);
        }
        version.status = ModelVersionStatus.READY;
        feed.changedHere("model_version");
        run.status = RunStatus.SUCCEEDED;
        run.modelVersionId = modelVersionId;
        run.testMetricsJson = testMetricsJson;
        run.currentStage = null;
        run.error = null;
        run.endedAt = Instant.now();
        return true;
    }

    /**
     * Ends a run that did not succeed, unless it has ended already (the first end wins). Everything
     * of its attempt ends with it, in the same transaction: the stage that was running, the study and
     * its running trials, and a version it registered, which is WITHDRAWN and so never served.
     *
     * @param workflowId the attempt's workflow, or null when the caller is not a workflow (a
     *     cancel with no workflow left, the sweep of runs a stopped server left behind)
     */
    @Transactional
    public void ended(long runId, String workflowId, RunStatus status, String error) {
        if (!status.isFinal() || status == RunStatus.SUCCEEDED) {
            throw new IllegalArgumentException("Not an unsuccessful end: " + status);
        }
        Run run = lockForEnd(runId);
        if (run.status.isFinal() || workflowId != null && !workflowId.equals(run.workflowId)) {
            return;
        }
        Instant now = Instant.now();
        run.status = status;
        run.error = error;
        run.endedAt = now;
        for (RunStage s : stages.list("runId = ?1 and attempt = ?2 and status = 'RUNNING'", runId, run.attempt)) {
            s.status = status.name();
            s.endedAt = now;
        }
        versions.update("status = ?1 where runId = ?2 and runAttempt = ?3 and status = ?4",
                ModelVersionStatus.WITHDRAWN, runId, run.attempt, ModelVersionStatus.PENDING);
        endStudies("from Study s where s.runId = ?1 and s.status = 'RUNNING'", List.of(runId), status, error, now);
    }

    /**
     * Ends the RUNNING studies that match, and their RUNNING trials, with the run's end. Studies
     * are locked first: a trial write holds its study's lock, so it either lands before the end or
     * is refused after it.
     */
    private void endStudies(String where, List<Object> params, RunStatus status, String error, Instant now) {
        List<Study> open = studies.find(where, params.toArray()).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (open.isEmpty()) {
            return;
        }
        List<Long> ids = open.stream().map(st -> st.id).toList();
        String trialError = status == RunStatus.FAILED ? "The run failed: " + error : null;
        trials.update("status = ?1, error = ?2, endedAt = ?3 where studyId in ?4 and status = 'RUNNING'",
                status.name(), trialError, now, ids);
        for (Study study : open) {
            study.status = status.name();
            study.endedAt = now;
        }
    }

    /**
     * Ends every run still queued or running as INTERRUPTED (CANCELLED when a cancel had been
     * requested), with its study, trials and any version it registered. For an embedded server,
     * whose in-process workflow service keeps no state: when it stops, and when it starts after a
     * crash. Also ends studies that an earlier attempt of a run left open.
     */
    @Transactional
    public int interruptInFlight(String reason) {
        List<Run> inFlight = runs.list("status in ?1", List.of(RunStatus.QUEUED, RunStatus.RUNNING));
        for (Run run : inFlight) {
            String stage = run.currentStage == null ? "" : " (during " + run.currentStage + ")";
            if (run.cancelRequestedAt != null) {
                ended(run.id, null, RunStatus.CANCELLED, "Cancelled by request; Hone stopped before the run "
                        + "could end" + stage);
            } else {
                ended(run.id, null, RunStatus.INTERRUPTED, reason + stage);
            }
        }
        endStudies("from Study s where s.status = 'RUNNING' and exists (select r.id from Run r where r.id = s.runId "
                + "and (r.status not in ?1 or r.attempt > s.attempt))",
                List.of(List.of(RunStatus.QUEUED, RunStatus.RUNNING)), RunStatus.INTERRUPTED, reason, Instant.now());
        return inFlight.size();
    }

    /** Prepares a finished, unsuccessful run for another attempt, and records who started it. */
    @Transactional
    public Run prepareRestart(long runId, String user) {
        // Two restarts at once: the second waits here and then finds the run QUEUED.
        Run run = lockForEnd(runId);
        if (!run.status.restartable()) {
            throw new InvalidInputException("Run " + runId + " is " + run.status
                    + "; only INTERRUPTED, FAILED or CANCELLED runs can be started again");
        }
        run.attempt += 1;
        run.status = RunStatus.QUEUED;
        run.cancelRequestedAt = null;
        run.error = null;
        run.currentStage = null;
        run.startedAt = null;
        run.endedAt = null;
        recordAttempt(run, user);
        return run;
    }
}
