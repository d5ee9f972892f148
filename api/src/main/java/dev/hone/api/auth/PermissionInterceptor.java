package dev.hone.api.auth;

import dev.hone.api.error.ApiError;
import dev.hone.api.error.ApiErrors;
import dev.hone.api.error.ForbiddenError;
import dev.hone.api.error.UnauthenticatedError;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link RequiresPermission} on API operations against the role matrix, and turns domain
 * exceptions into API errors with codes, so GraphQL and REST report the same codes.
 */
@RequiresPermission(Permission.READ)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class PermissionInterceptor {

    @Inject
    SecurityIdentity identity;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        RequiresPermission required = ctx.getMethod().getAnnotation(RequiresPermission.class);
        if (required == null) {
            required = ctx.getMethod().getDeclaringClass().getAnnotation(RequiresPermission.class);
        }
        if (identity.isAnonymous()) {
            throw new UnauthenticatedError("Sign in first: this operation needs credentials");
        }
        if (!RoleMatrix.allows(identity.getRoles(), required.value())) {
            throw new ForbiddenError("Permission " + required.value() + " is needed for this operation; roles "
                    + RoleMatrix.rolesGranting(required.value()) + " grant it, and you have " + identity.getRoles());
        }
        try {
            return ctx.proceed();
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.translate(e);
            throw error != null ? error : e;
        }
    }
}
