package dev.hone.registry.dataset;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DatasetVersionRepository implements PanacheRepository<DatasetVersion> {

    public Optional<DatasetVersion> latest(Dataset dataset) {
        return find("dataset = ?1 order by version desc", dataset).firstResultOptional();
    }

    public Optional<DatasetVersion> find(String datasetName, int version) {
        return find("dataset.name = ?1 and version = ?2", datasetName, version).firstResultOptional();
    }

    public List<DatasetVersion> forDatasets(Collection<Long> datasetIds) {
        return list("dataset.id in ?1 order by dataset.id, version desc", datasetIds);
    }
}
