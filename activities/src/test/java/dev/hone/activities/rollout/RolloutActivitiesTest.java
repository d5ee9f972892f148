package dev.hone.activities.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.activities.WhileHeld;
import dev.hone.registry.TestDatabase;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.deploy.Rollout;
import dev.hone.registry.deploy.RolloutService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rollout's share and roll-back on the real registry: a workflow cancelled while it sets a share rolls back without
 * waiting for that call, so the share may run after the roll-back; it then sets nothing, and a share waits for a
 * roll-back that holds the rollout's row. Of two creates of one deployment name at once, the second is refused naming
 * the name; of two rollouts started on one deployment at once, the second is refused; a deployment's delete and a new
 * rollout of it wait for each other, and whichever comes second is refused.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RolloutActivitiesTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Inject
    RolloutActivitiesImpl activities;
    @Inject
    RolloutService rollouts;
    @Inject
    DeploymentService deployments;
    @Inject
    DatasetService datasets;
    @Inject
    RunService runs;
    @Inject
    ModelRegistryService registry;
    @Inject
    ArtifactStore store;

    /** A deployment of version 1 of a new model with a rollout of its version 2 in flight. */
    private Rollout rolloutInFlight() {
        String model = "rollout-model-" + NAMES.incrementAndGet();
        readyVersion(model);
        readyVersion(model);
        String name = model + "-deployment";
        deployments.create(name, model, 1, "approver");
        return rollouts.create(name, 2, "approver", "{}");
    }

    private void readyVersion(String model) {
        String sha = store.put(("x,y\n1," + model + "\n").getBytes(StandardCharsets.UTF_8), "text/csv").sha256();
        long dataset = QuarkusTransaction.requiringNew().call(() -> datasets.addVersion("data-" + model, sha, 10, 1,
                2, "{\"rowCount\":1,\"columns\":[]}", "ds").version().id);
        Run run = runs.create(new RunService.RunSpec(dataset, "y", "CLASSIFICATION", model, "CPU", 7L, "{}", null,
                null), "ds");
        String workflowId = "wf-" + run.id;
        runs.setWorkflowId(run.id, workflowId);
        runs.markStarted(run.id, workflowId);
        String weights = store.put(("weights of run " + run.id).getBytes(StandardCharsets.UTF_8),
                "application/octet-stream").sha256();
        ModelVersion v = registry.register(new ModelRegistryService.NewVersion(model, "CLASSIFICATION", "FLOAT_MLP",
                "{}", "{}", "{}", "{}", "[]", run.id, dataset, weights, weights,
                List.of(new ReportService.NewReport("EVALUATION", 1, weights)), "ds", null), workflowId);
        assertThat(runs.succeeded(run.id, workflowId, v.id, "{}")).isTrue();
    }

    @Test
    void aShareThatComesAfterTheRollBackSetsNothing() {
        Rollout r = rolloutInFlight();
        activities.setShare(r.deployment, 2, 5, true, "approver");
        Deployment d = deployments.find(r.deployment);
        assertThat(d.canaryVersionId).as("the first share of a rollout in flight").isEqualTo(r.canaryVersionId);
        assertThat(d.canaryPercent).isEqualTo(5);

        activities.rollBack(r.deployment, r.canaryVersionId, "approver"); // the workflow was cancelled
        activities.setShare(r.deployment, 2, 25, true, "approver"); // the step's call, still running, comes late
        d = deployments.find(r.deployment);
        assertThat(d.canaryVersionId).as("rolled back").isNull();
        assertThat(d.canaryPercent).isZero();
        assertThat(rollouts.find(r.id).rolledBackAt).isNotNull();

        rollouts.update(r.id, "ABORTED", "The rollout's workflow was cancelled", "{}");
        activities.setShare(r.deployment, 2, 25, true, "approver"); // a retry of it
        assertThat(deployments.find(r.deployment).canaryVersionId).isNull();
    }

    @Test
    void aShareWaitsForARollBackThatHoldsTheRolloutAndThenSetsNothing() throws Exception {
        Rollout r = rolloutInFlight();
        activities.setShare(r.deployment, 2, 5, false, "approver");
        WhileHeld.run(() -> activities.rollBack(r.deployment, r.canaryVersionId, "approver"),
                () -> activities.setShare(r.deployment, 2, 25, false, "approver")).getFirst().get();
        Deployment d = deployments.find(r.deployment);
        assertThat(d.canaryVersionId).isNull();
        assertThat(d.canaryPercent).isZero();
    }

    @Test
    void aDeploymentNameThatAnotherCreateCommitsFirstIsRefusedNamingIt() throws Exception {
        String model = "deployed-twice-" + NAMES.incrementAndGet();
        readyVersion(model);
        String name = model + "-deployment";
        Future<?> second = WhileHeld.run(() -> deployments.create(name, model, 1, "approver"),
                () -> deployments.create(name, model, 1, "other")).getFirst();
        assertThatThrownBy(second::get).cause().isInstanceOf(InvalidInputException.class)
                .hasMessage("Deployment '" + name + "' exists already");
        assertThat(deployments.find(name).createdBy).isEqualTo("approver");
    }

    @Test
    void ofTwoRolloutsStartedOnOneDeploymentAtOnceTheSecondIsRefused() throws Exception {
        String name = deploymentWithThreeVersions();
        Future<?> second = WhileHeld.run(() -> rollouts.create(name, 2, "approver", "{}"),
                () -> rollouts.create(name, 3, "other", "{}")).getFirst();
        assertThatThrownBy(second::get).cause().isInstanceOf(InvalidInputException.class)
                .hasMessage("Deployment '" + name + "' has a rollout in flight; end it first");
        assertThat(rollouts.of(name)).singleElement().satisfies(r -> assertThat(r.startedBy).isEqualTo("approver"));
    }

    @Test
    void aDeleteAndANewRolloutOfTheDeploymentWaitForEachOtherAndTheSecondIsRefused() throws Exception {
        String kept = deploymentWithThreeVersions();
        Future<?> delete = WhileHeld.run(() -> rollouts.create(kept, 2, "approver", "{}"),
                () -> deployments.delete(kept)).getFirst();
        assertThatThrownBy(delete::get).cause().isInstanceOf(InvalidInputException.class)
                .hasMessage("Deployment '" + kept + "' has a rollout in flight; abort it first");
        assertThat(deployments.findOptional(kept)).isPresent();

        String deleted = deploymentWithThreeVersions();
        Future<?> rollout = WhileHeld.run(() -> deployments.delete(deleted),
                () -> rollouts.create(deleted, 2, "approver", "{}")).getFirst();
        assertThatThrownBy(rollout::get).cause().isInstanceOf(NotFoundException.class)
                .hasMessage("Deployment '" + deleted + "' does not exist");
        assertThat(rollouts.of(deleted)).as("no rollout of a deleted deployment").isEmpty();
    }

    /** A deployment of version 1 of a new model that has versions 1-3. */
    private String deploymentWithThreeVersions() {
        String model = "rolled-out-" + NAMES.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            readyVersion(model);
        }
        String name = model + "-deployment";
        deployments.create(name, model, 1, "approver");
        return name;
    }
}
