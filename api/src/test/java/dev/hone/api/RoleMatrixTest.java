package dev.hone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.security.roles.Permission;
import dev.hone.security.roles.Role;
import dev.hone.security.roles.RoleMatrix;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role matrix over local users, generated from the matrix itself (see {@link OperationMatrix}):
 * a new operation without a declared permission fails here.
 */
@QuarkusTest
class RoleMatrixTest {

    static final Map<Role, String> USERS = Map.of(Role.VIEWER, Api.VIEWER, Role.DATA_SCIENTIST, Api.SCIENTIST,
            Role.APPROVER, Api.APPROVER, Role.ADMIN, Api.ADMIN, Role.MODEL_CONSUMER, Api.CONSUMER);

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void everyOperationIsAllowedOrRefusedExactlyAsTheMatrixSays() {
        List<Class<?>> apis = Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .<Class<?>>map(b -> b.getBeanClass()).filter(c -> c.isAnnotationPresent(GraphQLApi.class)).toList();
        Map<String, Permission> declared = OperationMatrix.declaredPermissions(apis);
        var result = new OperationMatrix((role, document) -> role == null
                ? Api.graphql(null, null, document, Map.of()).getMap("$")
                : Api.graphql(USERS.get(role), document, Map.of()).getMap("$")).check(declared);
        assertThat(result.problems()).isEmpty();
        assertThat(result.checked()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    }

    @Test
    void uploadEndpointFollowsTheMatrix() {
        for (Role role : Role.values()) {
            int status = Api.upload(USERS.get(role), Api.unique("matrix"), "a,b\n1,2\n".getBytes()).statusCode();
            assertThat(status).as("upload as %s", role)
                    .isEqualTo(RoleMatrix.grants(role).contains(Permission.UPLOAD_DATA) ? 201 : 403);
        }
    }
}
