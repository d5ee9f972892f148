package dev.hone.security.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Local users on the real database: sign-in checks, refusals that name the problem, concurrent saves. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class LocalUsersTest {

    @Inject
    LocalUserService users;

    @Test
    void aUserSignsInWithItsPasswordOnlyAndCarriesItsRoles() {
        users.save("erin", "a-long-password", List.of("viewer", "approver"));
        assertThat(users.authenticate("erin", "a-long-password".toCharArray())).hasValueSatisfying(p -> {
            assertThat(p.username()).isEqualTo("erin");
            assertThat(p.roles()).isEqualTo(Set.of("viewer", "approver"));
        });
        assertThat(users.authenticate("erin", "a-long-passworD".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", "a-long-password".toCharArray())).isEmpty();

        users.save("erin", "another-password", List.of("viewer"));
        assertThat(users.authenticate("erin", "a-long-password".toCharArray())).as("the old password").isEmpty();
        assertThat(users.authenticate("erin", "another-password".toCharArray()))
                .hasValueSatisfying(p -> assertThat(p.roles()).containsExactly("viewer"));
    }

    @Test
    void badUsersAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> users.save("Erin Smith", "a-long-password", List.of("viewer")))
                .hasMessageContaining("Invalid username 'Erin Smith'");
        assertThatThrownBy(() -> users.save("frank", "short", List.of("viewer"))).hasMessageContaining("at least");
        assertThatThrownBy(() -> users.save("frank", "a-long-password", List.of()))
                .hasMessageContaining("at least one role");
        assertThatThrownBy(() -> users.save("frank", "a-long-password", List.of("root")))
                .hasMessageContaining("Unknown role 'root'");
        assertThat(users.exists("frank")).isFalse();
    }

    @Test
    void savesOfANewUserAtTheSameMomentAllSucceed() throws Exception {
        List<Callable<LocalUser>> saves = IntStream.range(0, 6).<Callable<LocalUser>>mapToObj(i -> () -> users.save(
                "grace", "password-number-" + i, List.of("viewer"))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(saves.size());
        try {
            for (Future<LocalUser> f : pool.invokeAll(saves)) {
                assertThat(f.get().username).isEqualTo("grace");
            }
        } finally {
            pool.shutdownNow();
        }
        long accepted = IntStream.range(0, 6)
                .filter(i -> users.authenticate("grace", ("password-number-" + i).toCharArray()).isPresent()).count();
        assertThat(accepted).as("exactly one save's password stands").isEqualTo(1);
    }
}
