package dev.hone.registry.dataset;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class DatasetRepository implements PanacheRepository<Dataset> {
    public Optional<Dataset> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
