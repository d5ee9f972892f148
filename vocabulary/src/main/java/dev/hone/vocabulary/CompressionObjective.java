package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("What compression minimizes among the candidates inside the accuracy budget")
public enum CompressionObjective {
    @Description("Artifact bytes")
    SIZE,
    @Description("Median latency of one row alone (batch 1)")
    LATENCY,
    @Description("Rows per second in batches of 64 (maximized)")
    THROUGHPUT;

    @JsonCreator
    public static CompressionObjective of(String name) {
        return Names.parse(CompressionObjective.class, name);
    }
}
