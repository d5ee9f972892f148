package dev.hone.api.graphql;

import dev.hone.api.error.InvalidInputError;
import dev.hone.security.local.LocalUser;
import dev.hone.security.local.LocalUserService;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Who is calling, and the local users of embedded mode. */
@GraphQLApi
@ApplicationScoped
public class UserGraphQL {

    private final LocalUserService users;
    private final SecurityIdentity identity;

    public UserGraphQL(LocalUserService users, SecurityIdentity identity) {
        this.users = users;
        this.identity = identity;
    }

    @Name("User")
    @Description("A user, its roles and the permissions they grant")
    public record UserView(@NonNull String username, @NonNull List<@NonNull String> roles,
            @NonNull @Description("What the roles allow (READ, RUN, APPROVE, ...); clients show only these actions")
            List<@NonNull String> permissions) {
        static UserView of(String name, Set<String> roles) {
            List<String> permissions = java.util.Arrays.stream(Permission.values())
                    .filter(p -> RoleMatrix.allows(roles, p)).map(Permission::name).toList();
            return new UserView(name, roles.stream().sorted().toList(), permissions);
        }
    }

    @Query("me")
    @Description("The calling user and its roles")
    @RequiresPermission(Permission.READ)
    public @NonNull UserView me() {
        return UserView.of(identity.getPrincipal().getName(), identity.getRoles());
    }

    @Query("users")
    @Description("Local users (embedded mode)")
    @RequiresPermission(Permission.MANAGE_USERS)
    public @NonNull List<@NonNull UserView> users() {
        return users.list().stream().map(u -> UserView.of(u.username, LocalUserService.roles(u))).toList();
    }

    @Mutation("saveUser")
    @Description("Creates a local user, or replaces its password and roles (viewer, data-scientist, approver, admin)")
    @RequiresPermission(Permission.MANAGE_USERS)
    public @NonNull UserView saveUser(@NonNull String username, @NonNull String password,
            @NonNull List<@NonNull String> roles) {
        try {
            LocalUser u = users.save(username, password, roles);
            return UserView.of(u.username, LocalUserService.roles(u));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputError(e.getMessage());
        }
    }
}
