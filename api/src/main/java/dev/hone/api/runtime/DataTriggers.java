package dev.hone.api.runtime;

import dev.hone.registry.common.Json;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.runs.RunRequest;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Tells the schedules that new data versions fire about a new version of their run's data set. */
@ApplicationScoped
public class DataTriggers {

    private final ScheduleService schedules;
    private final WorkflowClient client;

    public DataTriggers(ScheduleService schedules, WorkflowClient client) {
        this.schedules = schedules;
        this.client = client;
    }

    /**
     * Signals every schedule whose run trains on the latest version of {@code dataset} and that new versions fire;
     * returns their names. A schedule whose workflow cannot be told is logged and left out: the upload stands.
     */
    public List<String> newVersion(String dataset, int version, String user) {
        List<String> told = new ArrayList<>();
        for (Schedule s : schedules.onNewData()) {
            RunRequest run = Json.read(s.runRequestJson, RunRequest.class);
            if (!dataset.equals(run.dataset()) || run.datasetVersion() != null) {
                continue;
            }
            try {
                ScheduleWorkflows.signal(client, schedules, s, w -> w.newData(version, user));
                told.add(s.name);
            } catch (RuntimeException e) {
                Log.warnf(e, "Schedule '%s' was not told of version %d of data set '%s'; it fires at its next time "
                        + "or the next version", s.name, version, dataset);
            }
        }
        return told;
    }
}
