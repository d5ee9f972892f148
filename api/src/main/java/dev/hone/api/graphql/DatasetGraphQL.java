package dev.hone.api.graphql;

import dev.hone.api.graphql.Types.DatasetPage;
import dev.hone.api.graphql.Types.DatasetVersionView;
import dev.hone.api.graphql.Types.DatasetView;
import dev.hone.api.graphql.Types.PageInfo;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Data set metadata. Files are uploaded over REST ({@code POST /api/datasets/{name}}). */
@GraphQLApi
@ApplicationScoped
public class DatasetGraphQL {

    @Inject
    Paging paging;

    private final DatasetService datasets;

    public DatasetGraphQL(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Query("datasets")
    @Description("Data sets by name, one page at a time")
    @RequiresPermission(Permission.READ)
    public @NonNull DatasetPage datasets(@DefaultValue("0") int page, @DefaultValue("20") int size) {
        paging.check(page, size);
        return new DatasetPage(datasets.list(page, size).stream().map(DatasetView::of).toList(),
                new PageInfo(page, size, datasets.count()));
    }

    @Query("dataset")
    @Description("One data set by name")
    @RequiresPermission(Permission.READ)
    public @NonNull DatasetView dataset(@NonNull String name) {
        return DatasetView.of(datasets.get(name));
    }

    @Description("Versions of the data set, newest first")
    public List<@NonNull List<@NonNull DatasetVersionView>> versions(@Source List<DatasetView> sets) {
        Map<Long, List<dev.hone.registry.dataset.DatasetVersion>> byId =
                datasets.versionsOf(sets.stream().map(DatasetView::id).toList());
        return sets.stream()
                .map(s -> byId.getOrDefault(s.id(), List.of()).stream().map(DatasetVersionView::of).toList())
                .toList();
    }

    @Description("The newest version of the data set")
    public List<DatasetVersionView> latestVersion(@Source List<DatasetView> sets) {
        return versions(sets).stream().map(v -> v.isEmpty() ? null : v.get(0)).toList();
    }
}
