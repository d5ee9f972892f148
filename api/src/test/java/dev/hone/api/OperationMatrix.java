package dev.hone.api;

import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.Role;
import dev.hone.security.roles.RoleMatrix;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;

/**
 * Checks the role matrix against a running server, generated from the matrix and the schema:
 * every query and mutation is called as nobody and as each role, with placeholder arguments built
 * from the live schema, and must be allowed or refused exactly as {@link RoleMatrix} says for the
 * permission its resolver declares. Used with local users and with Keycloak tokens alike.
 */
public final class OperationMatrix {

    private static final Set<String> REFUSALS = Set.of("FORBIDDEN", "UNAUTHENTICATED");
    private static final String TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name "
            + "ofType { kind name ofType { kind name ofType { kind name } } } } } }";

    /** Sends a GraphQL document as a caller (null: no credentials) and returns the JSON response. */
    public interface Caller extends BiFunction<Role, String, Map<String, Object>> {
    }

    private final Caller caller;
    private final Map<String, Map<String, Object>> types = new HashMap<>();

    public OperationMatrix(Caller caller) {
        this.caller = caller;
    }

    /** Operation name to declared permission, from the resolver classes. */
    public static Map<String, Permission> declaredPermissions(List<Class<?>> apiClasses) {
        Map<String, Permission> result = new LinkedHashMap<>();
        for (Class<?> type : apiClasses) {
            for (Method m : type.getDeclaredMethods()) {
                String name = m.isAnnotationPresent(Query.class) ? or(m.getAnnotation(Query.class).value(), m)
                        : m.isAnnotationPresent(Mutation.class) ? or(m.getAnnotation(Mutation.class).value(), m) : null;
                if (name != null) {
                    RequiresPermission p = m.getAnnotation(RequiresPermission.class);
                    if (p == null) {
                        throw new AssertionError(type.getSimpleName() + "." + m.getName() + " declares no permission");
                    }
                    result.put(name, p.value());
                }
            }
        }
        return result;
    }

    /**
     * Calls every operation as nobody and as every role.
     *
     * @return the problems found (empty when the server follows the matrix), and the operations checked
     */
    public Result check(Map<String, Permission> declared) {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        castList(introspect("{ __schema { types { name kind inputFields { name type { " + TYPE_REF
                + " } } enumValues { name } } } }").get("types")).forEach(t -> types.put((String) t.get("name"), t));
        for (String kind : List.of("query", "mutation")) {
            Map<String, Object> root = introspect("{ __schema { " + kind + "Type { fields { name args { name type { "
                    + TYPE_REF + " } } type { " + TYPE_REF + " } } } } }");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fields = castList(((Map<String, Object>) root.get(kind + "Type")).get("fields"));
            for (Map<String, Object> field : fields) {
                String name = (String) field.get("name");
                Permission permission = declared.get(name);
                if (permission == null) {
                    problems.add(name + ": no permission declared");
                    continue;
                }
                String document = kind + " { " + name + arguments(field) + selection(field) + " }";
                String anonymous = code(caller.apply(null, document));
                if (!"UNAUTHENTICATED".equals(anonymous)) {
                    problems.add(name + " as nobody: " + anonymous);
                }
                for (Role role : Role.values()) {
                    String code = code(caller.apply(role, document));
                    boolean allowed = RoleMatrix.grants(role).contains(permission);
                    boolean refused = code != null && REFUSALS.contains(code);
                    if (allowed && refused || !allowed && !"FORBIDDEN".equals(code)) {
                        problems.add(name + " as " + role + ": " + code + " but the matrix says "
                                + (allowed ? "allowed" : "FORBIDDEN"));
                    }
                }
                checked.add(name);
            }
        }
        return new Result(problems, checked);
    }

    /** What a check found. */
    public record Result(List<String> problems, List<String> checked) {
    }

    private Map<String, Object> introspect(String query) {
        Map<String, Object> response = caller.apply(Role.ADMIN, query);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) response.get("data");
        if (data == null) {
            throw new AssertionError("Introspection failed: " + response);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) data.get("__schema");
        return schema;
    }

    @SuppressWarnings("unchecked")
    static String code(Map<String, Object> response) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) response.get("errors");
        if (errors == null || errors.isEmpty()) {
            return null;
        }
        Map<String, Object> extensions = (Map<String, Object>) errors.get(0).get("extensions");
        return extensions == null ? "NO_CODE" : (String) extensions.get("code");
    }

    private static String or(String value, Method m) {
        return value.isBlank() ? m.getName() : value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object list) {
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    private String arguments(Map<String, Object> field) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> arg : castList(field.get("args"))) {
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
            case "ENUM" -> (String) castList(types.get(name).get("enumValues")).get(0).get("name");
            case "INPUT_OBJECT" -> {
                List<String> fields = new ArrayList<>();
                for (Map<String, Object> f : castList(types.get(name).get("inputFields"))) {
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
    private static String selection(Map<String, Object> field) {
        Map<String, Object> type = (Map<String, Object>) field.get("type");
        while (type.get("ofType") != null) {
            type = (Map<String, Object>) type.get("ofType");
        }
        return "OBJECT".equals(type.get("kind")) ? " { __typename }" : "";
    }
}
