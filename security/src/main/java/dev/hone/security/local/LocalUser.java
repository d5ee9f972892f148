package dev.hone.security.local;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user of embedded mode, with a bcrypt password hash and comma-separated role names. */
@Entity
@Table(name = "local_user")
public class LocalUser {
    @Id
    @Column(length = 64)
    public String username;

    @Column(name = "password_hash", nullable = false, length = 200)
    public String passwordHash;

    @Column(nullable = false, length = 500)
    public String roles;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
