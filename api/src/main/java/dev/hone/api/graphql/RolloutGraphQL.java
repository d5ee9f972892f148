package dev.hone.api.graphql;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.error.NotFoundError;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotAllowedException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.deploy.Rollout;
import dev.hone.registry.deploy.RolloutService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.runs.RolloutLauncher;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.workflows.rollout.Analysis;
import dev.hone.workflows.rollout.CanaryRolloutWorkflow;
import dev.hone.workflows.rollout.RolloutPolicy;
import dev.hone.workflows.rollout.RolloutState;
import dev.hone.workflows.rollout.RolloutStep;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.quarkus.security.identity.SecurityIdentity;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Canary rollouts: start one on a deployment, steer it, and read how its steps went. */
@GraphQLApi
@ApplicationScoped
public class RolloutGraphQL {

    private static final int MAX_STEPS = 20;
    private static final long MAX_PAUSE_SECONDS = 7 * 24 * 3600;

    private final RolloutService rollouts;
    private final DeploymentService deployments;
    private final ModelRegistryService registry;
    private final WorkflowClient client;
    private final SecurityIdentity identity;
    private final RolloutLauncher launcher;

    public RolloutGraphQL(RolloutService rollouts, DeploymentService deployments, ModelRegistryService registry,
            WorkflowClient client, SecurityIdentity identity, RolloutLauncher launcher) {
        this.rollouts = rollouts;
        this.deployments = deployments;
        this.registry = registry;
        this.client = client;
        this.identity = identity;
        this.launcher = launcher;
    }

    @Name("RolloutStepInput")
    @Description("One step: the canary's share of requests, and how long it serves it before the step's analysis")
    public static class StepInput {
        @Description("Percent of the deployment's requests, above 0 and at most 100; steps rise, the last is 100")
        public double percent;
        @Description("Seconds the step lasts before its analysis (0 to a week)")
        public long pauseSeconds;
    }

    @Name("RolloutPolicyInput")
    @Description("What each step's analysis requires of the canary against the stable version; defaults for "
            + "anything left out")
    public static class PolicyInput {
        @Description("How much higher the canary's error rate may be, in points (default 1)")
        public Double maxErrorRateIncreasePoints;
        @Description("How many times the stable version's p95 latency the canary's may be (default 1.5)")
        public Double maxLatencyRatio;
        @Description("Largest population stability index of the canary's predicted labels against the stable "
                + "version's (default 0.25)")
        public Double maxPsi;
        @Description("Requests the canary must answer in a step for its analysis to judge (default 50)")
        public Long minRequests;
        @Description("Extra pauses a step waits for enough requests before rolling back (default 3)")
        public Integer maxWaits;
        @Description("Whether promotion after the last step waits for an approver (default true)")
        public Boolean requireApproval;
        @Description("On labelled feedback, how many points lower the canary's accuracy may be (default 2)")
        public Double maxAccuracyDropPoints;
        @Description("On labelled feedback, how many percent higher a regressor canary's RMSE may be (default 10)")
        public Double maxRmseIncreasePercent;
        @Description("Labelled predictions each version needs in a step before accuracy is compared (default 20)")
        public Long minFeedback;
        @Description("Largest population stability index of the canary's predictions against its passport's baseline, "
                + "judged while its inputs have not shifted beyond maxPsi (default 0.25)")
        public Double maxPassportPsi;
    }

    @Name("RolloutAnalysis")
    @Description("One analysis of a step, over the step's window")
    public record AnalysisView(int step, double percent, @NonNull Instant startedAt, boolean passed,
            @Description("False when the canary answered too few requests to judge") boolean conclusive,
            @NonNull List<@NonNull String> reasons, long canaryRequests, long stableRequests,
            Double canaryErrorRate, Double stableErrorRate, Double canaryP95Millis, Double stableP95Millis,
            @Description("Shift of the canary's predictions against the stable version's (population stability "
                    + "index)") Double labelPsi,
            @Description("Shift of the canary's predictions against its passport's baseline; null without a passport "
                    + "or with too few rows") Double passportPsi,
            @Description("Shift of the most shifted input column against the canary's passport") Double inputPsi,
            @Description("That column") String inputPsiColumn,
            @Description("Labelled predictions (ground truth sent to feedback) of each version in the window")
            long canaryFeedback, long stableFeedback,
            @Description("Accuracy on labelled predictions; null with too few") Double canaryAccuracy,
            Double stableAccuracy,
            @Description("A regressor's RMSE on labelled predictions; null with too few") Double canaryRmse,
            Double stableRmse) {

        static AnalysisView of(RolloutState.StepRecord r) {
            Analysis a = r.analysis();
            return new AnalysisView(r.step() + 1, r.percent(), Instant.ofEpochMilli(r.startedAtMillis()), a.passed(),
                    a.conclusive(), a.reasons(), a.canaryRequests(), a.stableRequests(), finite(a.canaryErrorRate()),
                    finite(a.stableErrorRate()), finite(a.canaryP95Millis()), finite(a.stableP95Millis()),
                    finite(a.labelPsi()), finite(a.passportPsi()), finite(a.inputPsi()), a.inputPsiColumn(),
                    a.canaryFeedback(), a.stableFeedback(), finite(a.canaryAccuracy()),
                    finite(a.stableAccuracy()), finite(a.canaryRmse()), finite(a.stableRmse()));
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    @Name("RolloutStep")
    @Description("A planned step")
    public record StepView(double percent, long pauseSeconds) {
    }

    @Name("Rollout")
    @Description("A canary rollout of a version on a deployment")
    public record RolloutView(@Id long id, @NonNull String deployment, int canaryVersion, int stableVersion,
            @Description("RUNNING, PAUSED, AWAITING_APPROVAL, PROMOTED, ROLLED_BACK, ABORTED, INTERRUPTED or FAILED")
            @NonNull String status, String reason,
            @Description("The step it is on, from 1") int step,
            @Description("The canary's share of requests now") double percent,
            @NonNull List<@NonNull StepView> plan, @NonNull List<@NonNull AnalysisView> analyses, @NonNull String startedBy, @NonNull Instant startedAt,
            Instant endedAt) {
    }

    private RolloutView view(Rollout r) {
        return views(List.of(r)).getFirst();
    }

    /** The rollouts' views, their versions read in one query. */
    private List<RolloutView> views(List<Rollout> of) {
        Map<Long, ModelVersion> versions = registry.versionsById(of.stream()
                .flatMap(r -> Stream.of(r.canaryVersionId, r.stableVersionId)).distinct().toList());
        return of.stream().map(r -> view(r, versions)).toList();
    }

    private static RolloutView view(Rollout r, Map<Long, ModelVersion> versions) {
        RolloutState s = Json.read(r.stateJson, RolloutState.class);
        return new RolloutView(r.id, r.deployment, versions.get(r.canaryVersionId).version,
                versions.get(r.stableVersionId).version, r.status, r.reason,
                Math.min(s.step() + 1, s.plan().size()), s.percent(), s.plan().stream().map(p -> new StepView(p.percent(),
                p.pauseSeconds())).toList(), s.steps().stream().map(AnalysisView::of).toList(), r.startedBy,
                r.startedAt, r.endedAt);
    }

    @Query("rollouts")
    @Description("A deployment's rollouts, newest first")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull RolloutView> rollouts(@NonNull String deployment) {
        deployments.find(deployment);
        return views(rollouts.of(deployment));
    }

    @Query("rollout")
    @Description("One rollout")
    @RequiresPermission(Permission.READ)
    public @NonNull RolloutView rollout(@Id long id) {
        return view(rollouts.find(id));
    }

    @Subscription("rolloutUpdates")
    @Description("Streams the rollout whenever its status, step, share or analyses change, until it ends; a "
            + "subscriber first receives it as it stands")
    @RequiresPermission(Permission.READ)
    public Multi<RolloutView> rolloutUpdates(@Id long id) {
        AtomicReference<String> seen = new AtomicReference<>();
        return Polling.until(() -> {
            Rollout r;
            try {
                r = rollouts.find(id);
            } catch (NotFoundException e) {
                throw new NotFoundError(e.getMessage());
            }
            String state = r.status + "|" + r.stateJson;
            boolean changed = !state.equals(seen.getAndSet(state));
            return new Polling.Tick<>(changed ? List.of(view(r)) : List.of(), !Rollout.IN_FLIGHT.contains(r.status));
        });
    }

    @Mutation("startRollout")
    @Description("Brings a version in as the deployment's canary and raises its share step by step; each step's "
            + "analysis against the stable version decides whether to go on or roll back. Steps default to 5, 25, 50 "
            + "and 100% of requests for 5 minutes each")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull RolloutView start(@NonNull String deployment, int version, List<StepInput> steps,
            @DefaultValue("false") boolean sticky, PolicyInput policy) {
        List<RolloutStep> plan = steps == null || steps.isEmpty() ? RolloutLauncher.DEFAULT_STEPS
                : steps.stream().map(s -> new RolloutStep(s.percent, s.pauseSeconds)).toList();
        checkSteps(plan);
        return view(launcher.start(deployment, version, plan, sticky, policy(policy), identity.getPrincipal()
                .getName()));
    }

    @Mutation("pauseRollout")
    @Description("Holds the rollout at its current step (its pause stops counting) until resumed")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull RolloutView pause(@Id long id) {
        return signal(id, w -> w.pause(user()));
    }

    @Mutation("resumeRollout")
    @Description("Lets a paused rollout go on")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull RolloutView resume(@Id long id) {
        return signal(id, w -> w.resume(user()));
    }

    @Mutation("abortRollout")
    @Description("Ends the rollout and takes the canary out: the stable version answers every request")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull RolloutView abort(@Id long id, String reason) {
        return signal(id, w -> w.abort(user(), reason));
    }

    @Mutation("promoteRollout")
    @Description("Promotes the canary to stable now, or approves the promotion a finished rollout waits for. Four "
            + "eyes: not by who started the rollout")
    @RequiresPermission(Permission.APPROVE)
    public @NonNull RolloutView promote(@Id long id) {
        Rollout r = rollouts.find(id);
        if (r.startedBy.equals(user())) {
            throw new NotAllowedException("Four eyes: '" + user() + "' started rollout " + id
                    + ", so another approver must promote it");
        }
        return signal(id, w -> w.promote(user()));
    }

    private RolloutView signal(long id, java.util.function.Consumer<CanaryRolloutWorkflow> signal) {
        Rollout r = rollouts.find(id);
        if (!Rollout.IN_FLIGHT.contains(r.status)) {
            throw new InvalidInputError("Rollout " + id + " has ended (" + r.status + ")");
        }
        signal.accept(client.newWorkflowStub(CanaryRolloutWorkflow.class, r.workflowId));
        return view(r);
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static void checkSteps(List<RolloutStep> steps) {
        if (steps.size() > MAX_STEPS) {
            throw new InvalidInputError("A rollout has at most " + MAX_STEPS + " steps; got " + steps.size());
        }
        double previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            RolloutStep s = steps.get(i);
            if (!(s.percent() > previous && s.percent() <= 100)) {
                throw new InvalidInputError("Step " + (i + 1) + "'s percent " + s.percent() + " must be above the "
                        + "previous step's (" + previous + ") and at most 100");
            }
            if (s.pauseSeconds() < 0 || s.pauseSeconds() > MAX_PAUSE_SECONDS) {
                throw new InvalidInputError("Step " + (i + 1) + "'s pauseSeconds must be 0 to " + MAX_PAUSE_SECONDS
                        + "; got " + s.pauseSeconds());
            }
            previous = s.percent();
        }
        if (previous != 100) {
            throw new InvalidInputError("The last step must send 100% of the requests to the canary; it sends "
                    + previous + "%");
        }
    }

    private static RolloutPolicy policy(PolicyInput in) {
        RolloutPolicy d = RolloutPolicy.DEFAULT;
        if (in == null) {
            return d;
        }
        RolloutPolicy p = new RolloutPolicy(
                in.maxErrorRateIncreasePoints == null ? d.maxErrorRateIncrease() : in.maxErrorRateIncreasePoints / 100,
                in.maxLatencyRatio == null ? d.maxLatencyRatio() : in.maxLatencyRatio,
                in.maxPsi == null ? d.maxPsi() : in.maxPsi,
                in.minRequests == null ? d.minRequests() : in.minRequests,
                in.maxWaits == null ? d.maxWaits() : in.maxWaits,
                in.requireApproval == null ? d.requireApproval() : in.requireApproval,
                in.maxAccuracyDropPoints == null ? d.maxAccuracyDrop() : in.maxAccuracyDropPoints / 100,
                in.maxRmseIncreasePercent == null ? d.maxRmseIncrease() : in.maxRmseIncreasePercent / 100,
                in.minFeedback == null ? d.minFeedback() : in.minFeedback,
                in.maxPassportPsi == null ? d.maxPassportPsi() : in.maxPassportPsi);
        if (!(p.maxErrorRateIncrease() >= 0 && p.maxErrorRateIncrease() <= 1) || !(p.maxLatencyRatio() >= 1)
                || !(p.maxPsi() >= 0) || p.minRequests() < 0 || p.maxWaits() < 0 || p.maxWaits() > 100
                || !(p.maxAccuracyDrop() >= 0 && p.maxAccuracyDrop() <= 1) || !(p.maxRmseIncrease() >= 0)
                || p.minFeedback() < 0 || !(p.passportPsiLimit() >= 0)) {
            throw new InvalidInputError("Rollout policy out of range: maxErrorRateIncreasePoints and "
                    + "maxAccuracyDropPoints 0 to 100, maxLatencyRatio at least 1, maxPsi, maxPassportPsi, "
                    + "maxRmseIncreasePercent, "
                    + "minRequests and minFeedback not negative, maxWaits 0 to 100");
        }
        return p;
    }
}
