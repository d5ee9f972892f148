package dev.hone.security.roles;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The single table of who may do what. API operations name a {@link Permission}; this table says
 * which roles grant it. docs/security.md shows the same table.
 */
public final class RoleMatrix {

    private static final Map<Role, Set<Permission>> GRANTS = Map.of(
            Role.VIEWER, EnumSet.of(Permission.READ, Permission.PREDICT),
            Role.DATA_SCIENTIST, EnumSet.of(Permission.READ, Permission.PREDICT, Permission.UPLOAD_DATA,
                    Permission.RUN, Permission.TAG, Permission.SET_ALIAS),
            Role.APPROVER, EnumSet.of(Permission.READ, Permission.PREDICT, Permission.TAG, Permission.SET_ALIAS,
                    Permission.APPROVE, Permission.DEPLOY),
            Role.ADMIN, EnumSet.allOf(Permission.class),
            Role.MODEL_CONSUMER, EnumSet.of(Permission.PREDICT));

    private RoleMatrix() {
    }

    /** Permissions granted by a role. */
    public static Set<Permission> grants(Role role) {
        return GRANTS.get(role);
    }

    /** Names of the roles that grant a permission, in role order. */
    public static java.util.List<String> rolesGranting(Permission permission) {
        return java.util.Arrays.stream(Role.values()).filter(r -> GRANTS.get(r).contains(permission))
                .map(Role::roleName).toList();
    }

    /** Whether any of the given role names grants the permission. Unknown role names grant nothing. */
    public static boolean allows(Collection<String> roleNames, Permission permission) {
        return roleNames.stream()
                .map(Role::byName)
                .flatMap(java.util.Optional::stream)
                .anyMatch(r -> GRANTS.get(r).contains(permission));
    }
}
