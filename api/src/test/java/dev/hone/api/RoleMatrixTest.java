package dev.hone.api;

import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.Role;
import dev.hone.security.roles.RoleMatrix;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Any;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role matrix, tested from itself: every query and mutation in the live schema is called as
 * nobody and as each role, with placeholder arguments built from the schema, and must be allowed
 * or refused exactly as {@link RoleMatrix} says for the permission its resolver declares. A new
 * operation without a declared permission fails here.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final Map<Role, String> USERS = Map.of(Role.VIEWER, Api.VIEWER, Role.DATA_SCIENTIST,
            Api.SCIENTIST, Role.APPROVER, Api.APPROVER, Role.ADMIN, Api.ADMIN, Role.MODEL_CONSUMER, Api.CONSUMER);
    private static final Set<String> REFUSALS = Set.of("FORBIDDEN", "UNAUTHENTICATED");
    private static final String TYPE_REF =
            "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }";

    private final Map<String, Map<String, Object>> types = new HashMap<>();

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void everyOperationIsAllowedOrRefusedExactlyAsTheMatrixSays() {
        Map<String, Permission> declared = declaredPermissions();
        // Three small introspection queries: the server refuses one that asks for fields too often.
        List<Map<String, Object>> typeList = introspect("{ __schema { types { name kind inputFields { name type { "
                + TYPE_REF + " } } enumValues { name } } } }").get("types") instanceof List<?> l
                        ? castList(l) : List.of();
        typeList.forEach(t -> types.put((String) t.get("name"), t));

        List<String> checked = new ArrayList<>();
        for (String kind : List.of("query", "mutation")) {
            Map<String, Object> root = introspect("{ __schema { " + kind + "Type { fields { name args { name type { "
                    + TYPE_REF + " } } type { " + TYPE_REF + " } } } } }");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fields = castList((List<?>) ((Map<String, Object>) root.get(kind + "Type"))
                    .get("fields"));
            for (Map<String, Object> field : fields) {
                String name = (String) field.get("name");
                Permission permission = declared.get(name);
                assertThat(permission).as("operation %s has no declared permission", name).isNotNull();
                String document = kind + " { " + name + arguments(field) + selection(field) + " }";

                JsonPath anonymous = graphql(null, null, document, Map.of());
                assertThat(errorCode(anonymous)).as("%s as nobody", name).isEqualTo("UNAUTHENTICATED");
                for (Role role : Role.values()) {
                    JsonPath r = graphql(USERS.get(role), document, Map.of());
                    boolean allowed = RoleMatrix.grants(role).contains(permission);
                    if (allowed) {
                        assertThat(errorCode(r)).as("%s as %s: %s", name, role, r.prettify())
                                .isNotIn(REFUSALS);
                    } else {
                        assertThat(errorCode(r)).as("%s as %s", name, role).isEqualTo("FORBIDDEN");
                    }
                }
                checked.add(name);
            }
        }
        assertThat(checked).containsAll(declared.keySet());
    }

    @Test
    void uploadEndpointFollowsTheMatrix() {
        for (Role role : Role.values()) {
            int status = Api.upload(USERS.get(role), Api.unique("matrix"), "a,b\n1,2\n".getBytes()).statusCode();
            if (RoleMatrix.grants(role).contains(Permission.UPLOAD_DATA)) {
                assertThat(status).as("upload as %s", role).isEqualTo(201);
            } else {
                assertThat(status).as("upload as %s", role).isEqualTo(403);
            }
        }
    }

    private static Map<String, Object> introspect(String query) {
        JsonPath r = graphql(Api.ADMIN, query, Map.of());
        assertThat(errorCode(r)).as(r.prettify()).isNull();
        assertThat(r.getMap("data")).as(r.prettify()).isNotNull();
        return r.getMap("data.'__schema'");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(List<?> list) {
        return (List<Map<String, Object>>) list;
    }

    /** Operation name to the permission its resolver declares, from the GraphQL API beans. */
    private static Map<String, Permission> declaredPermissions() {
        Map<String, Permission> result = new LinkedHashMap<>();
        for (var bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (!type.isAnnotationPresent(GraphQLApi.class)) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                String name = m.isAnnotationPresent(Query.class) ? or(m.getAnnotation(Query.class).value(), m)
                        : m.isAnnotationPresent(Mutation.class) ? or(m.getAnnotation(Mutation.class).value(), m) : null;
                if (name != null) {
                    RequiresPermission p = m.getAnnotation(RequiresPermission.class);
                    assertThat(p).as("%s.%s declares no permission", type.getSimpleName(), m.getName()).isNotNull();
                    result.put(name, p.value());
                }
            }
        }
        return result;
    }

    private static String or(String value, Method m) {
        return value.isBlank() ? m.getName() : value;
    }

    @SuppressWarnings("unchecked")
    private String arguments(Map<String, Object> field) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> arg : (List<Map<String, Object>>) field.get("args")) {
            Map<String, Object> type = (Map<String, Object>) arg.get("type");
            if ("NON_NULL".equals(type.get("kind"))) {
                parts.add(arg.get("name") + ": " + placeholder((Map<String, Object>) type.get("ofType")));
            }
        }
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

    /** A syntactically valid value of the type that names nothing that exists. */
    @SuppressWarnings("unchecked")
    private String placeholder(Map<String, Object> type) {
        String kind = (String) type.get("kind");
        String name = (String) type.get("name");
        return switch (kind) {
            case "NON_NULL" -> placeholder((Map<String, Object>) type.get("ofType"));
            case "LIST" -> "[" + placeholder((Map<String, Object>) type.get("ofType")) + "]";
            case "ENUM" -> (String) ((List<Map<String, Object>>) types.get(name).get("enumValues")).get(0).get("name");
            case "INPUT_OBJECT" -> {
                List<String> fields = new ArrayList<>();
                for (Map<String, Object> f : (List<Map<String, Object>>) types.get(name).get("inputFields")) {
                    Map<String, Object> ft = (Map<String, Object>) f.get("type");
                    if ("NON_NULL".equals(ft.get("kind"))) {
                        fields.add(f.get("name") + ": " + placeholder(ft));
                    }
                }
                yield "{" + String.join(", ", fields) + "}";
            }
            default -> switch (name) {
                case "Int", "BigInteger", "Long" -> "1";
                case "Float", "BigDecimal" -> "1.0";
                case "Boolean" -> "true";
                case "ID" -> "\"999999999\"";
                default -> "\"no-such-thing\"";
            };
        };
    }

    @SuppressWarnings("unchecked")
    private String selection(Map<String, Object> field) {
        Map<String, Object> type = (Map<String, Object>) field.get("type");
        while (type.get("ofType") != null) {
            type = (Map<String, Object>) type.get("ofType");
        }
        return "OBJECT".equals(type.get("kind")) ? " { __typename }" : "";
    }
}
