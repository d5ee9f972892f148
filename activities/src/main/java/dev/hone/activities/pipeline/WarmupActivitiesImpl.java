package dev.hone.activities.pipeline;

import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.warmup.WarmupActivities;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the runs in flight, as the console does; writes nothing. */
@ApplicationScoped
public class WarmupActivitiesImpl implements WarmupActivities {

    private final RunService runs;

    public WarmupActivitiesImpl(RunService runs) {
        this.runs = runs;
    }

    @Override
    public long warmUp(int step) {
        return runs.count(RunStatus.RUNNING, null) + runs.list(RunStatus.RUNNING, null, 0, 1).size();
    }
}
