package dev.hone.registry.run;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class RunStageRepository implements PanacheRepository<RunStage> {
    public Optional<RunStage> find(long runId, int attempt, String stage) {
        return find("runId = ?1 and attempt = ?2 and stage = ?3", runId, attempt, stage).firstResultOptional();
    }
}
