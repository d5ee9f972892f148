package dev.hone.api.graphql;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.ValueCount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The API's types for a data set version's profile, mapped field by field from ml's profile records,
 * so that renaming a field in ml cannot silently change the public schema.
 */
public final class ProfileViews {

    private ProfileViews() {
    }

    @Name("ColumnType")
    @Description("What a column's values were inferred to be")
    public enum ColumnTypeView {
        @Description("Every present value parses as a finite number")
        NUMERIC,
        @Description("A limited set of string values")
        CATEGORICAL,
        @Description("Only true/false/yes/no (any case)")
        BOOLEAN,
        @Description("Free text or identifiers: too many distinct values to use as categories")
        TEXT
    }

    @Name("ValueCount")
    @Description("A value and how many rows hold it")
    public record ValueCountView(@NonNull String value, long count) {
        static ValueCountView of(ValueCount v) {
            return new ValueCountView(v.value(), v.count());
        }
    }

    @Name("ColumnProfile")
    @Description("Statistics of one column")
    public record ColumnProfileView(@NonNull String name, @NonNull ColumnTypeView type,
            @Description("Rows without a value") long missing, @Description("Distinct present values") long distinct,
            @Description("Numeric columns only") Double min, @Description("Numeric columns only") Double max,
            @Description("Numeric columns only") Double mean, @Description("Numeric columns only") Double std,
            @Description("The most frequent values, most frequent first") @NonNull List<@NonNull ValueCountView> topValues,
            @Description("Counts in equal-width bins from min to max (numeric columns only)")
            @NonNull List<@NonNull Long> histogram,
            @Description("Whether distinct, the counts of topValues and histogram are estimates: a column with more"
                    + " distinct values than the profiler counts exactly is summarised by sketches of constant size"
                    + " (missing, min, max, mean and std stay exact)") boolean approximate) {
        static ColumnProfileView of(ColumnProfile c) {
            return new ColumnProfileView(c.name(), ColumnTypeView.valueOf(c.type().name()), c.missing(), c.distinct(),
                    c.min(), c.max(), c.mean(), c.std(), c.topValues().stream().map(ValueCountView::of).toList(),
                    c.histogram(), c.approximate());
        }
    }

    @Name("DataProfile")
    @Description("What the upload found in a data set version")
    public record DataProfileView(long rowCount, @NonNull List<@NonNull ColumnProfileView> columns) {
        static DataProfileView of(DataProfile p) {
            return new DataProfileView(p.rowCount(), p.columns().stream().map(ColumnProfileView::of).toList());
        }
    }
}
