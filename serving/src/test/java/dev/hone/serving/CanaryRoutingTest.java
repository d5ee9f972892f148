package dev.hone.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.model.ModelVersion;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The canary gets its share of requests; sticky callers keep their version, and stay on the canary as it grows. */
class CanaryRoutingTest {

    private static DeploymentService.Resolved deployment(double percent, boolean sticky) {
        Deployment d = new Deployment();
        d.name = "flowers";
        d.canaryPercent = percent;
        d.sticky = sticky;
        return new DeploymentService.Resolved(d, "flowers", new ModelVersion(), new ModelVersion(), null);
    }

    @Test
    void theCanaryAnswersItsShareOfRequests() {
        for (double percent : new double[] {5, 25, 50}) {
            for (boolean sticky : new boolean[] {false, true}) {
                DeploymentService.Resolved d = deployment(percent, sticky);
                int canary = 0;
                int n = 20_000;
                for (int i = 0; i < n; i++) {
                    canary += CanaryRouting.toCanary(d, "caller-" + i) ? 1 : 0;
                }
                // 4.5 standard deviations of a binomial share at n = 20,000
                double sd = Math.sqrt(percent / 100 * (1 - percent / 100) / n) * 100;
                assertThat(canary * 100.0 / n).as("%s%% sticky %s", percent, sticky)
                        .isCloseTo(percent, Offset.offset(4.5 * sd));
            }
        }
        assertThat(CanaryRouting.toCanary(deployment(0, false), "a")).isFalse();
        assertThat(CanaryRouting.toCanary(deployment(100, false), "a")).isTrue();
        DeploymentService.Resolved noCanary = new DeploymentService.Resolved(deployment(50, false).deployment(),
                "flowers", new ModelVersion(), null, null);
        assertThat(CanaryRouting.toCanary(noCanary, "a")).isFalse();
    }

    @Test
    void stickyCallersKeepTheirVersionAndStayOnTheCanaryAsItGrows() {
        Set<String> onCanary = new HashSet<>();
        for (double percent : new double[] {5, 25, 50, 100}) {
            DeploymentService.Resolved d = deployment(percent, true);
            Set<String> now = new HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                String caller = "caller-" + i;
                boolean first = CanaryRouting.toCanary(d, caller);
                for (int k = 0; k < 3; k++) {
                    assertThat(CanaryRouting.toCanary(d, caller)).isEqualTo(first);
                }
                if (first) {
                    now.add(caller);
                }
            }
            assertThat(now).containsAll(onCanary);
            onCanary = now;
        }
        assertThat(onCanary).hasSize(2_000);
        assertThat(CanaryRouting.point("flowers", "a")).isNotEqualTo(CanaryRouting.point("irises", "a"));
    }
}
