package dev.hone.registry.run;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Run records and their stages. Every method is one short transaction, and repeating a call
 * leaves the same state, so workflow activities may retry them freely.
 */
@ApplicationScoped
public class RunService {

    private final RunRepository runs;
    private final RunStageRepository stages;
    private final RunAttemptRepository attempts;

    public RunService(RunRepository runs, RunStageRepository stages, RunAttemptRepository attempts) {
        this.runs = runs;
        this.stages = stages;
        this.attempts = attempts;
    }

    /** What a user asks for when starting a run. */
    public record RunSpec(long datasetVersionId, String target, String task, String modelName, String device,
            long seed, String settingsJson, String tuningJson) {
    }

    @Transactional
    public Run create(RunSpec spec, String user) {
        Run run = new Run();
        run.status = RunStatus.QUEUED;
        run.datasetVersionId = spec.datasetVersionId();
        run.target = spec.target();
        run.task = spec.task();
        run.modelName = spec.modelName();
        run.device = spec.device();
        run.seed = spec.seed();
        run.settingsJson = spec.settingsJson();
        run.tuningJson = spec.tuningJson();
        run.attempt = 1;
        run.createdBy = user;
        run.createdAt = Instant.now();
        runs.persist(run);
        recordAttempt(run, user);
        return run;
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

    @Transactional
    public void markStarted(long runId) {
        Run run = get(runId);
        if (run.status == RunStatus.QUEUED) {
            run.status = RunStatus.RUNNING;
            run.startedAt = Instant.now();
        }
    }

    @Transactional
    public void stageStarted(long runId, String stage) {
        Run run = get(runId);
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

    /** Progress inside a stage, written by the activity as it works. */
    @Transactional
    public void stageProgress(long runId, String stage, double progress, String detail, String metricsJson) {
        Run run = get(runId);
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
    public void saveStageOutput(long runId, String stage, String outputJson) {
        Run run = get(runId);
        RunStage s = stages.find(runId, run.attempt, stage)
                .orElseThrow(() -> new NotFoundException("Run " + runId + " has no stage " + stage));
        s.outputJson = outputJson;
    }

    @Transactional
    public void stageCompleted(long runId, String stage, String metricsJson) {
        Run run = get(runId);
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
    public void setTask(long runId, String task) {
        get(runId).task = task;
    }

    @Transactional
    public void setQualityReport(long runId, String sha) {
        get(runId).qualityReportSha = sha;
    }

    @Transactional
    public void succeeded(long runId, long modelVersionId, String testMetricsJson) {
        Run run = get(runId);
        run.status = RunStatus.SUCCEEDED;
        run.modelVersionId = modelVersionId;
        run.testMetricsJson = testMetricsJson;
        run.currentStage = null;
        run.error = null;
        run.endedAt = run.endedAt == null ? Instant.now() : run.endedAt;
    }

    /** Ends a run that did not succeed; the stage that was running shares its fate. */
    @Transactional
    public void ended(long runId, RunStatus status, String error) {
        Run run = get(runId);
        if (run.status == RunStatus.SUCCEEDED) {
            return;
        }
        run.status = status;
        run.error = error;
        run.endedAt = Instant.now();
        for (RunStage s : stages.list("runId = ?1 and attempt = ?2 and status = 'RUNNING'", runId, run.attempt)) {
            s.status = status.name();
            s.endedAt = Instant.now();
        }
    }

    /**
     * Marks every run still queued or running as interrupted. Called when an embedded server
     * starts: its in-process workflow service kept no state, so those runs cannot continue.
     */
    @Transactional
    public int interruptInFlight(String reason) {
        List<Run> inFlight = runs.list("status in ?1", List.of(RunStatus.QUEUED, RunStatus.RUNNING));
        for (Run run : inFlight) {
            String stage = run.currentStage;
            ended(run.id, RunStatus.INTERRUPTED,
                    reason + (stage == null ? "" : " (during " + stage + ")"));
        }
        return inFlight.size();
    }

    /** Prepares a finished, unsuccessful run for another attempt, and records who started it. */
    @Transactional
    public Run prepareRestart(long runId, String user) {
        Run run = get(runId);
        // Two restarts at once: the second waits here and then finds the run QUEUED.
        runs.getEntityManager().refresh(run, LockModeType.PESSIMISTIC_WRITE);
        if (!(run.status == RunStatus.INTERRUPTED || run.status == RunStatus.FAILED
                || run.status == RunStatus.CANCELLED)) {
            throw new InvalidInputException("Run " + runId + " is " + run.status
                    + "; only INTERRUPTED, FAILED or CANCELLED runs can be started again");
        }
        run.attempt += 1;
        run.status = RunStatus.QUEUED;
        run.error = null;
        run.currentStage = null;
        run.startedAt = null;
        run.endedAt = null;
        recordAttempt(run, user);
        return run;
    }
}
