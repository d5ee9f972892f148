package dev.hone.security.local;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class LocalUserRepository implements PanacheRepositoryBase<LocalUser, String> {
}
