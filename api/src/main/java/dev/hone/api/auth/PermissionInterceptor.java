package dev.hone.api.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.api.error.ApiError;
import dev.hone.api.error.ApiErrors;
import dev.hone.api.error.ForbiddenError;
import dev.hone.api.error.UnauthenticatedError;
import dev.hone.errors.ErrorCode;
import dev.hone.registry.common.Json;
import dev.hone.security.audit.AuditLog;
import dev.hone.api.error.RateLimitedError;
import dev.hone.security.audit.AuditLog.Outcome;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.serving.PredictionMetrics;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;

/**
 * Enforces {@link RequiresPermission} on API operations against the role matrix, writes an audit
 * event for every state-changing call (allowed or refused), and turns domain exceptions into API
 * errors with codes, so GraphQL and REST report the same codes.
 *
 * <p>Predictions are not audit rows, whichever way they come: they are counted in
 * {@link PredictionMetrics}. Their refusals are audited: a missing permission or credentials, and
 * the first call of each run of calls over the caller's rate limit.
 */
@RequiresPermission(dev.hone.security.roles.Permission.READ)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class PermissionInterceptor {

    /** Argument names whose values never reach the audit log. */
    private static final Set<String> SECRET_ARGUMENTS = Set.of("password", "secret", "token");
    /** Longer lists (rows to predict, for one) are recorded by their length only. */
    private static final int MAX_LISTED = 20;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditLog audit;

    @Inject
    RequestIds requestIds;

    @Inject
    PredictionMetrics predictionMetrics;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        Method method = ctx.getMethod();
        RequiresPermission required = method.getAnnotation(RequiresPermission.class);
        if (required == null) {
            required = method.getDeclaringClass().getAnnotation(RequiresPermission.class);
        }
        boolean prediction = required.value() == Permission.PREDICT;
        boolean audited = changesState(method) && !prediction;
        ApiError refusal = null;
        if (identity.isAnonymous()) {
            refusal = new UnauthenticatedError("Sign in first: this operation needs credentials");
        } else if (!RoleMatrix.allows(identity.getRoles(), required.value())) {
            refusal = new ForbiddenError("Permission " + required.value() + " is needed for this operation; roles "
                    + RoleMatrix.rolesGranting(required.value()) + " grant it, and you have "
                    + identity.getRoles().stream().sorted().toList());
        }
        if (refusal != null) {
            if (audited || prediction) {
                record(ctx, Outcome.DENIED, refusal.code() + ": " + refusal.getMessage());
            }
            if (prediction) {
                predictionMetrics.record(PredictionMetrics.UNRESOLVED, PredictionMetrics.UNRESOLVED, actor(),
                        PredictionMetrics.Outcome.DENIED, 0, System.nanoTime());
            }
            throw refusal;
        }
        try {
            Object result = ctx.proceed();
            if (audited) {
                record(ctx, Outcome.SUCCEEDED, null);
            }
            return result;
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.translate(e);
            if (error == null) {
                // Callers see only "System error"; the operator needs the cause.
                Log.errorf(e, "Unexpected error in %s (request %s)", ctx.getMethod().getName(), requestIds.current());
            }
            // A rule that refuses this caller here (four eyes, a protected alias, its rate limit) is a
            // denial, not a failure.
            Outcome outcome = error != null && (error.code() == ErrorCode.FORBIDDEN
                    || error.code() == ErrorCode.RATE_LIMITED) ? Outcome.DENIED : Outcome.FAILED;
            boolean refused = error instanceof RateLimitedError limited ? limited.firstRefusal() : outcome == Outcome.DENIED;
            if (audited || prediction && refused) {
                record(ctx, outcome, error != null ? error.code() + ": " + error.getMessage()
                        : ErrorCode.INTERNAL + ": " + e.getClass().getSimpleName());
            }
            throw error != null ? error : e;
        }
    }

    /** GraphQL mutations and REST calls other than GET change state. */
    static boolean changesState(Method method) {
        return method.isAnnotationPresent(Mutation.class) || method.isAnnotationPresent(jakarta.ws.rs.POST.class)
                || method.isAnnotationPresent(jakarta.ws.rs.PUT.class)
                || method.isAnnotationPresent(jakarta.ws.rs.DELETE.class)
                || method.isAnnotationPresent(jakarta.ws.rs.PATCH.class);
    }

    /** The GraphQL field name, or "METHOD /path" for REST. */
    static String operation(Method method) {
        Mutation mutation = method.getAnnotation(Mutation.class);
        if (mutation != null) {
            return mutation.value().isBlank() ? method.getName() : mutation.value();
        }
        Query query = method.getAnnotation(Query.class);
        if (query != null) {
            return query.value().isBlank() ? method.getName() : query.value();
        }
        Path classPath = method.getDeclaringClass().getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String verb = method.isAnnotationPresent(jakarta.ws.rs.POST.class) ? "POST"
                : method.isAnnotationPresent(jakarta.ws.rs.PUT.class) ? "PUT"
                : method.isAnnotationPresent(jakarta.ws.rs.DELETE.class) ? "DELETE" : "PATCH";
        return verb + " " + (classPath == null ? "" : classPath.value()) + (methodPath == null ? "" : methodPath.value());
    }

    /** Simple arguments and input objects as JSON, with secrets left out and streams skipped. */
    static String target(InvocationContext ctx) {
        ObjectNode node = Json.mapper().createObjectNode();
        Parameter[] parameters = ctx.getMethod().getParameters();
        Object[] values = ctx.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            String name = parameters[i].getName();
            Object value = values[i];
            if (SECRET_ARGUMENTS.contains(name)) {
                node.put(name, "(hidden)");
            } else if (value instanceof java.util.List<?> list && list.size() > MAX_LISTED) {
                node.put(name, "(" + list.size() + " items)");
            } else if (value == null || value instanceof CharSequence || value instanceof Number
                    || value instanceof Boolean || value instanceof Enum<?> || value instanceof java.util.List<?>
                    || value.getClass().getName().startsWith("dev.hone.api.graphql.Inputs")) {
                node.set(name, Json.mapper().valueToTree(value));
            }
        }
        return node.toString();
    }

    private String actor() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private void record(InvocationContext ctx, Outcome outcome, String detail) {
        audit.append(actor(), identity.getRoles(), operation(ctx.getMethod()), target(ctx), outcome, detail,
                requestIds.current());
    }
}
