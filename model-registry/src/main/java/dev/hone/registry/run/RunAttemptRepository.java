package dev.hone.registry.run;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RunAttemptRepository implements PanacheRepository<RunAttempt> {
}
