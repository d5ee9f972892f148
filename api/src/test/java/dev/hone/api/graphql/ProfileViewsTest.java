package dev.hone.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.api.graphql.ProfileViews.ColumnTypeView;
import dev.hone.api.graphql.ProfileViews.DataProfileView;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.RowSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The API's profile types carry every column type ml infers, and every field of a real profile. */
class ProfileViewsTest {

    @Test
    void theApiNamesEveryColumnTypeMlInfers() {
        assertThat(Arrays.stream(ColumnTypeView.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(ColumnType.values()).map(Enum::name).toList());
    }

    @Test
    void aProfileIsMappedFieldByField() {
        DataProfileView view;
        try (RowSource rows = DataFiles.open(new ByteArrayInputStream("x,colour,flag\n1.5,red,yes\n2.5,red,no\n,blue,yes\n"
                .getBytes(StandardCharsets.UTF_8)))) {
            view = DataProfileView.of(Profiler.profile(rows, Progress.NONE));
        }
        assertThat(view.rowCount()).isEqualTo(3);
        assertThat(view.columns()).extracting(c -> c.name()).containsExactly("x", "colour", "flag");
        var x = view.columns().get(0);
        assertThat(x.type()).isEqualTo(ColumnTypeView.NUMERIC);
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.min()).isEqualTo(1.5);
        assertThat(x.max()).isEqualTo(2.5);
        assertThat(x.mean()).isEqualTo(2.0);
        assertThat(x.histogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        var colour = view.columns().get(1);
        assertThat(colour.type()).isEqualTo(ColumnTypeView.CATEGORICAL);
        assertThat(colour.topValues().get(0).value()).isEqualTo("red");
        assertThat(colour.topValues().get(0).count()).isEqualTo(2);
        assertThat(view.columns().get(2).type()).isEqualTo(ColumnTypeView.BOOLEAN);
    }
}
