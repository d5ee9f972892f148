package dev.hone.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard in deploy/ asks only for metrics that deploy/README.md documents. */
class MetricsCatalogTest {

    @Test
    void everyMetricTheDashboardQueriesIsDocumented() throws Exception {
        Map<String, String> documented = MetricsCatalog.documented();
        assertThat(documented).as("the README's metrics table").containsKeys("hone_runs_started_total",
                "hone_run_stage_seconds", "hone_predictions_total", "temporal_num_pollers");
        assertThat(documented.values()).allMatch(t -> Set.of("counter", "gauge", "histogram", "summary").contains(t));

        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(MetricsCatalog.DASHBOARD));
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        assertThat(queries).as("PromQL in the dashboard").hasSizeGreaterThan(10);
        for (String query : queries) {
            Set<String> names = MetricsCatalog.namesIn(query, documented.keySet());
            assertThat(names).as("metrics of %s", query).isNotEmpty();
            assertThat(documented.keySet()).as("documented metrics, for %s", query).containsAll(names);
        }
    }

    @Test
    void aNameOutsideTheListIsCaught() {
        Set<String> documented = Set.of("hone_run_stage_seconds");
        assertThat(MetricsCatalog.namesIn("histogram_quantile(0.95, sum by (le) (rate(hone_run_stage_seconds_bucket[5m])))",
                documented)).containsExactly("hone_run_stage_seconds");
        assertThat(MetricsCatalog.namesIn("rate(hone_runs_lost_total[5m])", documented))
                .containsExactly("hone_runs_lost_total");
    }
}
