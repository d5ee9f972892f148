package dev.hone.security.roles;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the permission an API operation needs. Every GraphQL operation and REST endpoint
 * carries one (the build checks it); the API's interceptor enforces it against {@link RoleMatrix}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPermission {
    @Nonbinding
    Permission value();
}
