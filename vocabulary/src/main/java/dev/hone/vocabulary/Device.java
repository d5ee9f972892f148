package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("Where a run's training and trials run")
public enum Device {
    @Description("Train on a CPU worker")
    CPU,
    @Description("Train on a GPU worker (needs a worker serving the GPU queue)")
    GPU,
    @Description("Let the service choose the compute queue")
    AUTO;

    @JsonCreator
    public static Device of(String name) {
        return Names.parse(Device.class, name);
    }
}
