package dev.hone.activities.rollout;

import dev.hone.activities.common.Passports;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.report.PassportReport.DriftSection;
import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.deploy.RolloutService;
import dev.hone.registry.deploy.ServingWindowService;
import dev.hone.workflows.rollout.AnalyseRequest;
import dev.hone.workflows.rollout.Analysis;
import dev.hone.workflows.rollout.RolloutActivities;
import dev.hone.workflows.rollout.RolloutState;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The registry and serving side of a canary rollout. */
@ApplicationScoped
public class RolloutActivitiesImpl implements RolloutActivities {

    private final DeploymentService deployments;
    private final ServingWindowService windows;
    private final RolloutService rollouts;
    private final Passports passports;

    public RolloutActivitiesImpl(DeploymentService deployments, ServingWindowService windows, RolloutService rollouts,
            Passports passports) {
        this.deployments = deployments;
        this.windows = windows;
        this.rollouts = rollouts;
        this.passports = passports;
    }

    @Override
    public void setShare(String deployment, int canaryVersion, double percent, boolean sticky, String user) {
        // Sets nothing once the rollout was rolled back or ended: this call may outlive a cancelled workflow.
        rollouts.setShare(deployment, canaryVersion, percent, sticky, user);
    }

    @Override
    public Analysis analyse(AnalyseRequest r) {
        Instant since = Instant.ofEpochMilli(r.sinceMillis());
        long canary = r.canaryVersionId();
        return RolloutAnalysis.judge(windows.totals(r.deployment(), canary, since, canary),
                windows.totals(r.deployment(), r.stableVersionId(), since, canary), passport(canary).orElse(null),
                r.policy());
    }

    /** The drift section of the canary's passport, if it has one this release reads. */
    private Optional<DriftSection> passport(long versionId) {
        return passports.of(versionId).map(PassportReport::drift);
    }

    @Override
    public void promote(String deployment, long canaryVersionId, String user) {
        Deployment d = deployments.find(deployment);
        if (d.stableVersionId == canaryVersionId) {
            return; // promoted already (a retry, or by hand)
        }
        if (!Objects.equals(d.canaryVersionId, canaryVersionId)) {
            Log.warnf("Deployment '%s' no longer has the rollout's canary (version id %d); nothing promoted",
                    deployment, canaryVersionId);
            return;
        }
        deployments.promoteCanary(deployment, user);
    }

    @Override
    public void rollBack(String deployment, long canaryVersionId, String user) {
        rollouts.rollBack(deployment, canaryVersionId, user);
    }

    @Override
    public void record(long rolloutId, RolloutState state) {
        rollouts.update(rolloutId, state.status(), state.reason(), Json.write(state));
    }
}
