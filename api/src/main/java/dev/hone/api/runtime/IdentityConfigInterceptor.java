package dev.hone.api.runtime;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.Locale;

/**
 * Makes {@code hone.security.identity} the one switch between local users and Keycloak: unless an
 * operator sets {@code quarkus.oidc.tenant-enabled} explicitly, OIDC is on exactly when the
 * identity is {@code keycloak}.
 */
public class IdentityConfigInterceptor implements ConfigSourceInterceptor {

    static final String OIDC_ENABLED = "quarkus.oidc.tenant-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        // Defaults come from sources with negative ordinals; anything an operator set wins.
        if (!OIDC_ENABLED.equals(name) || (value != null && value.getConfigSourceOrdinal() >= 0)) {
            return value;
        }
        ConfigValue identity = context.proceed("hone.security.identity");
        boolean keycloak = identity != null && identity.getValue() != null
                && identity.getValue().trim().toLowerCase(Locale.ROOT).equals("keycloak");
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(keycloak))
                .withConfigSourceName("hone.security.identity").build();
    }
}
