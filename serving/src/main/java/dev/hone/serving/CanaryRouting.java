package dev.hone.serving;

import dev.hone.registry.deploy.DeploymentService;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which version of a deployment answers a request: the canary for its share of requests, the
 * stable version for the rest. Sticky deployments place each caller at a fixed point in [0, 100)
 * (a hash of deployment and caller): the caller gets the canary while the share is above its
 * point, so callers on the canary stay on it as the share grows, and a caller never flips between
 * versions while the share stands.
 */
public final class CanaryRouting {

    private CanaryRouting() {
    }

    /** Whether this request goes to the canary. */
    public static boolean toCanary(DeploymentService.Resolved d, String caller) {
        double percent = d.deployment().canaryPercent;
        if (d.canary() == null || percent <= 0) {
            return false;
        }
        if (percent >= 100) {
            return true;
        }
        double point = d.deployment().sticky ? point(d.deployment().name, caller)
                : ThreadLocalRandom.current().nextDouble(100);
        return point < percent;
    }

    /** The caller's fixed point in [0, 100) for a deployment: FNV-1a over both names, then mixed. */
    static double point(String deployment, String caller) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (deployment + '\u0000' + caller).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 * 100;
    }
}
