package dev.hone.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotAllowedException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.dataset.DatasetVersion;
import dev.hone.registry.model.ApprovalStatus;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.report.Report;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The registry's rules, on its own services and the real database: a version becomes servable only
 * through its run's success; four eyes over every attempt of the run; protected aliases; what a call
 * without version or alias is served; version numbers are never handed out twice; an ended run takes
 * no more writes.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RegistryRulesTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Inject
    DatasetService datasets;
    @Inject
    RunService runs;
    @Inject
    ModelRegistryService registry;
    @Inject
    ArtifactStore store;
    @Inject
    ReportService reports;

    /** A run of its own model, started by {@code user} and running as workflow "wf-<run>-<attempt>". */
    private Run startedRun(String model, String user) {
        String sha = store.put(("x,y\n1," + model + "\n").getBytes(StandardCharsets.UTF_8), "text/csv").sha256();
        DatasetVersion dv = QuarkusTransaction.requiringNew().call(() -> datasets
                .addVersion("data-" + model, sha, 10, 1, 2, "{\"rowCount\":1,\"columns\":[]}", user).version());
        Run run = runs.create(new RunService.RunSpec(dv.id, "y", "CLASSIFICATION", model, "CPU", 7L, "{}", null, null), user);
        return begin(run);
    }

    private Run begin(Run run) {
        String workflowId = "wf-" + run.id + "-" + run.attempt;
        runs.setWorkflowId(run.id, workflowId);
        runs.markStarted(run.id, workflowId);
        return runs.get(run.id);
    }

    private ModelVersion register(Run run) {
        String weights = store.put(("weights of run " + run.id + " attempt " + run.attempt)
                .getBytes(StandardCharsets.UTF_8), "application/octet-stream").sha256();
        return registry.register(new ModelRegistryService.NewVersion(run.modelName, "CLASSIFICATION", "FLOAT_MLP", "{}", "{}", "{}",
                "{}", "[]", run.id, run.datasetVersionId, weights, weights,
                List.of(new ReportService.NewReport("EVALUATION", 1, weights)), run.createdBy, null),
                run.workflowId);
    }

    private ModelVersion succeed(Run run) {
        ModelVersion v = register(run);
        assertThat(runs.succeeded(run.id, run.workflowId, v.id, "{}")).isTrue();
        return registry.versionById(v.id);
    }

    private static String model() {
        return "model-" + NAMES.incrementAndGet();
    }

    @Test
    void aVersionIsPendingUntilItsRunSucceedsAndWithdrawnWhenTheRunEndsOtherwise() {
        Run run = startedRun(model(), "ds");
        ModelVersion pending = register(run);
        assertThat(pending.status).isEqualTo(ModelVersionStatus.PENDING);
        assertThatThrownBy(() -> registry.resolveForServing(run.modelName, 1, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PENDING");
        assertThatThrownBy(() -> registry.resolveForServing(run.modelName, null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no version to serve");

        runs.ended(run.id, run.workflowId, RunStatus.CANCELLED, "Cancelled by request");
        assertThat(registry.versionById(pending.id).status).isEqualTo(ModelVersionStatus.WITHDRAWN);
        assertThatThrownBy(() -> registry.setAlias(run.modelName, "staging", 1, "approver"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("WITHDRAWN");
    }

    @Test
    void anEndedRunOrAnOlderAttemptRegistersNothing() {
        Run run = startedRun(model(), "ds");
        runs.ended(run.id, run.workflowId, RunStatus.FAILED, "the data were bad");
        assertThatThrownBy(() -> register(run)).isInstanceOf(EndedException.class).hasMessageContaining("has ended");

        Run second = begin(runs.prepareRestart(run.id, "ds"));
        assertThatThrownBy(() -> register(run)).as("the first attempt's workflow, still running somewhere")
                .isInstanceOf(EndedException.class).hasMessageContaining("is now attempt 2");
        assertThat(register(second).runAttempt).isEqualTo(2);
    }

    @Test
    void versionNumbersAreNeverHandedOutTwice() {
        String model = model();
        Run first = startedRun(model, "ds");
        ModelVersion withdrawn = register(first);
        runs.ended(first.id, first.workflowId, RunStatus.INTERRUPTED, "Hone stopped");
        Run restarted = begin(runs.prepareRestart(first.id, "ds"));
        ModelVersion second = succeed(restarted);
        ModelVersion third = succeed(startedRun(model, "ds"));

        assertThat(withdrawn.version).isEqualTo(1);
        assertThat(second.version).isEqualTo(2);
        assertThat(third.version).isEqualTo(3);
        assertThat(registry.resolve(model, 1, null).status).isEqualTo(ModelVersionStatus.WITHDRAWN);
    }

    @Test
    void nobodyWhoStartedAnyAttemptOfTheRunMayDecideOnItsVersion() {
        Run run = startedRun(model(), "alice-ds");
        runs.ended(run.id, run.workflowId, RunStatus.FAILED, "worker lost");
        Run restarted = begin(runs.prepareRestart(run.id, "bob-ds-and-approver"));
        ModelVersion v = succeed(restarted);

        assertThat(registry.ineligibleDeciders(List.of(v.id)).get(v.id))
                .containsExactly("alice-ds", "bob-ds-and-approver");
        for (String starter : new String[] {"alice-ds", "bob-ds-and-approver"}) {
            assertThatThrownBy(() -> registry.decide(run.modelName, v.version, ApprovalStatus.APPROVED, starter, null))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("four eyes")
                    .hasMessageContaining(starter);
        }
        assertThat(registry.versionById(v.id).approvalStatus).isEqualTo(ApprovalStatus.PENDING);

        ModelVersion approved = registry.decide(run.modelName, v.version, ApprovalStatus.APPROVED, "carol", "good");
        assertThat(approved.approvalStatus).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approved.approvedBy).isEqualTo("carol");
        assertThatThrownBy(() -> registry.decide(run.modelName, v.version, ApprovalStatus.REJECTED, "dave", "late"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already APPROVED by carol");
    }

    @Test
    void aRejectionNeedsAReasonAndARejectedVersionIsNeverServed() {
        Run run = startedRun(model(), "ds");
        ModelVersion v = succeed(run);
        assertThatThrownBy(() -> registry.decide(run.modelName, v.version, ApprovalStatus.REJECTED, "approver", " "))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("comment");
        registry.decide(run.modelName, v.version, ApprovalStatus.REJECTED, "approver", "leaks the label");

        assertThatThrownBy(() -> registry.resolveForServing(run.modelName, v.version, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("REJECTED by approver")
                .hasMessageContaining("leaks the label");
        assertThatThrownBy(() -> registry.resolveForServing(run.modelName, null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no version to serve");
        registry.setAlias(run.modelName, "staging", v.version, "approver");
        assertThatThrownBy(() -> registry.resolveForServing(run.modelName, null, "staging"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alias 'staging' points at it");
    }

    @Test
    void protectedAliasesCarryOnlyApprovedVersions() {
        Run run = startedRun(model(), "ds");
        ModelVersion v = succeed(run);
        for (String alias : ModelRegistryService.PROTECTED_ALIASES) {
            assertThatThrownBy(() -> registry.setAlias(run.modelName, alias, v.version, "approver"))
                    .isInstanceOf(NotAllowedException.class).hasMessageContaining("protected");
        }
        assertThatThrownBy(() -> registry.setAlias(run.modelName, "Prod uction", v.version, "approver"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid alias");
        registry.decide(run.modelName, v.version, ApprovalStatus.APPROVED, "approver", null);
        assertThat(registry.setAlias(run.modelName, ModelRegistryService.PRODUCTION, v.version, "approver")
                .modelVersionId).isEqualTo(v.id);
    }

    @Test
    void aCallWithoutVersionOrAliasIsServedByProductionElseTheLatestReadyVersionNotRejected() {
        String model = model();
        ModelVersion v1 = succeed(startedRun(model, "ds"));
        ModelVersion v2 = succeed(startedRun(model, "ds"));
        ModelVersion v3 = succeed(startedRun(model, "ds"));
        register(startedRun(model, "ds")); // version 4, still PENDING
        registry.decide(model, v3.version, ApprovalStatus.REJECTED, "approver", "worse on the minority class");

        assertThat(registry.resolveForServing(model, null, null).id).as("latest READY, not rejected").isEqualTo(v2.id);

        registry.decide(model, v1.version, ApprovalStatus.APPROVED, "approver", null);
        registry.setAlias(model, ModelRegistryService.PRODUCTION, v1.version, "approver");
        assertThat(registry.resolveForServing(model, null, null).id).as("production wins").isEqualTo(v1.id);
        assertThat(registry.resolveForServing(model, v2.version, null).id).isEqualTo(v2.id);
        assertThatThrownBy(() -> registry.resolveForServing(model, 9, null)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has no version 9");
        assertThatThrownBy(() -> registry.resolveForServing("no-such-model", null, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'no-such-model' does not exist");
    }

    @Test
    void aCancelRequestedBeforeSuccessWinsAndTheVersionIsNeverReady() {
        Run run = startedRun(model(), "ds");
        ModelVersion v = register(run);
        runs.requestCancel(run.id);
        assertThat(runs.succeeded(run.id, run.workflowId, v.id, "{}")).isFalse();
        assertThat(registry.versionById(v.id).status).isEqualTo(ModelVersionStatus.PENDING);
        runs.ended(run.id, run.workflowId, RunStatus.CANCELLED, "Cancelled by request");
        assertThat(registry.versionById(v.id).status).isEqualTo(ModelVersionStatus.WITHDRAWN);
        assertThat(runs.get(run.id).status).isEqualTo(RunStatus.CANCELLED);
    }

    /** Runs the calls at once, each in its own transaction, and returns their results. */
    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<T>> futures = pool.invokeAll(calls);
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void firstUploadsOfANewDataSetAtOnceAllLandWithDistinctVersions() throws Exception {
        String name = "concurrent-" + NAMES.incrementAndGet();
        List<Callable<Integer>> uploads = IntStream.range(0, 8).<Callable<Integer>>mapToObj(i -> () -> {
            String sha = store.put(("a,b\n" + i + "," + name + "\n").getBytes(StandardCharsets.UTF_8), "text/csv")
                    .sha256();
            return QuarkusTransaction.requiringNew().call(() -> datasets.addVersion(name, sha, 10, 1, 2,
                    "{\"rowCount\":1,\"columns\":[]}", "ds-" + i).version().version);
        }).toList();
        assertThat(atOnce(uploads)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(datasets.get(name).name).isEqualTo(name);
    }

    @Test
    void runsRegisteringTheFirstVersionsOfANewModelAtOnceGetDistinctNumbers() throws Exception {
        String model = model();
        List<Run> started = IntStream.range(0, 6).mapToObj(i -> startedRun(model, "ds")).toList();
        List<Callable<Integer>> registrations = started.stream().<Callable<Integer>>map(run -> () -> register(run)
                .version).toList();
        assertThat(atOnce(registrations)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    @Test
    void reportsAreKeptOncePerKindForARunsDataAndForEachVersion() {
        Run run = startedRun(model(), "ds");
        String quality = store.put("{\"duplicateRows\":0}".getBytes(StandardCharsets.UTF_8), "application/json")
                .sha256();
        String other = store.put("{\"duplicateRows\":1}".getBytes(StandardCharsets.UTF_8), "application/json")
                .sha256();
        Report first = reports.recordForRun(run.id, run.workflowId, new ReportService.NewReport("DATA_QUALITY", 1,
                quality));
        Report retried = reports.recordForRun(run.id, run.workflowId, new ReportService.NewReport("DATA_QUALITY", 1,
                other));
        assertThat(retried.id).as("a retry keeps the first report").isEqualTo(first.id);
        assertThat(retried.artifactSha).isEqualTo(quality);

        ModelVersion v = register(run);
        assertThat(register(run).id).isEqualTo(v.id);
        assertThat(reports.ofVersions(List.of(v.id)).get(v.id)).singleElement().satisfies(r -> {
            assertThat(r.kind).isEqualTo("EVALUATION");
            assertThat(r.schemaVersion).isEqualTo(1);
            assertThat(r.runId).isEqualTo(run.id);
        });
        assertThat(reports.ofRuns(List.of(run.id)).get(run.id)).as("the run's own reports, not its versions'")
                .extracting(r -> r.kind).containsExactly("DATA_QUALITY");

        assertThatThrownBy(() -> new ReportService.NewReport("evaluation; drop table", 1, quality))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid report kind");
        runs.ended(run.id, run.workflowId, RunStatus.FAILED, "worker lost");
        assertThatThrownBy(() -> reports.recordForRun(run.id, run.workflowId, new ReportService.NewReport(
                "DATA_QUALITY", 1, quality))).isInstanceOf(EndedException.class);
    }
}
