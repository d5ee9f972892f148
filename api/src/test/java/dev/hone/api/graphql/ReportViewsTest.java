package dev.hone.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.api.graphql.ReportViews.ReportKindView;
import dev.hone.ml.report.ReportKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The API's report kinds are the kinds runs write, by name; an unknown kind or schema version is refused by name. */
class ReportViewsTest {

    @Test
    void theApiNamesEveryReportKindRunsWriteAndNoOther() {
        assertThat(Arrays.stream(ReportKindView.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(ReportKind.values()).map(Enum::name).toList());
    }

    @Test
    void aReportOfAnUnknownKindOrSchemaVersionIsRefusedNotMisread() {
        assertThat(ReportKind.readable("EVALUATION", 1)).isEqualTo(ReportKind.EVALUATION);
        assertThatThrownBy(() -> ReportKind.readable("EVALUATION", 2)).hasMessageContaining("schema version 2");
        assertThatThrownBy(() -> ReportKind.readable("FAIRNESS", 1)).hasMessageContaining("'FAIRNESS' is unknown");
    }
}
