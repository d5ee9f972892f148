package dev.hone.security.roles;

import java.util.Arrays;
import java.util.Optional;

/** Realm roles. The same names are used by local users (embedded mode) and by Keycloak. */
public enum Role {
    VIEWER("viewer"),
    DATA_SCIENTIST("data-scientist"),
    APPROVER("approver"),
    ADMIN("admin"),
    /** Service accounts that call models: prediction only, labels without probabilities. */
    MODEL_CONSUMER("model-consumer");

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    /** The role's name as it appears in tokens and user records. */
    public String roleName() {
        return roleName;
    }

    public static Optional<Role> byName(String name) {
        return Arrays.stream(values()).filter(r -> r.roleName.equals(name)).findFirst();
    }
}
