package dev.hone.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.security.roles.Permission;
import dev.hone.security.roles.Role;
import dev.hone.security.roles.RoleMatrix;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role matrix's promises (ARCHITECTURE.md section 7, docs/security.md), one permission at a time. */
class RoleMatrixRulesTest {

    @Test
    void everyRoleGrantsExactlyWhatItsJobNeeds() {
        assertThat(RoleMatrix.grants(Role.VIEWER)).containsExactlyInAnyOrder(Permission.READ, Permission.PREDICT);
        assertThat(RoleMatrix.grants(Role.DATA_SCIENTIST)).containsExactlyInAnyOrder(Permission.READ,
                Permission.PREDICT, Permission.UPLOAD_DATA, Permission.RUN, Permission.TAG, Permission.SET_ALIAS);
        assertThat(RoleMatrix.grants(Role.APPROVER)).containsExactlyInAnyOrder(Permission.READ, Permission.PREDICT,
                Permission.TAG, Permission.SET_ALIAS, Permission.APPROVE, Permission.DEPLOY);
        assertThat(RoleMatrix.grants(Role.ADMIN)).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(RoleMatrix.grants(Role.MODEL_CONSUMER)).containsExactly(Permission.PREDICT);
    }

    @Test
    void whoStartsRunsIsNotWhoApprovesThemUnlessAnAdmin() {
        assertThat(RoleMatrix.rolesGranting(Permission.RUN)).containsExactly("data-scientist", "admin");
        assertThat(RoleMatrix.rolesGranting(Permission.APPROVE)).containsExactly("approver", "admin");
        assertThat(RoleMatrix.rolesGranting(Permission.DEPLOY)).containsExactly("approver", "admin");
        assertThat(RoleMatrix.rolesGranting(Permission.READ_AUDIT)).containsExactly("admin");
        assertThat(RoleMatrix.rolesGranting(Permission.MANAGE_USERS)).containsExactly("admin");
    }

    @Test
    void rolesAddUpAndUnknownOrMisspelledRoleNamesGrantNothing() {
        assertThat(RoleMatrix.allows(List.of("viewer", "approver"), Permission.APPROVE)).isTrue();
        assertThat(RoleMatrix.allows(List.of("viewer"), Permission.UPLOAD_DATA)).isFalse();
        for (String name : List.of("Admin", "ADMIN", " admin", "administrator", "", "data_scientist")) {
            assertThat(RoleMatrix.allows(List.of(name), Permission.READ)).as("role name '%s'", name).isFalse();
        }
        assertThat(RoleMatrix.allows(List.of(), Permission.READ)).isFalse();
    }
}
