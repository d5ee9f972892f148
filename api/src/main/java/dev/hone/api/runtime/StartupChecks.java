package dev.hone.api.runtime;

import dev.hone.security.SecurityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Outside embedded mode Hone serves real users and data: it refuses to start while it has no
 * database or a secret it uses is missing or one of the well-known defaults. Checked before
 * anything starts, so a refusal never leaves a half-started service or a migrated database behind.
 */
final class StartupChecks {

    static final Set<String> WELL_KNOWN = Set.of("", "admin", "password", "changeme", "change-me", "secret", "hone",
            "postgres", "root", "test", "123456", "12345678");

    private StartupChecks() {
    }

    /** What stops Hone from starting in this configuration; empty when it may start (a list that takes more). */
    static List<String> problems(HoneConfig.Mode mode, DatabaseConfig db, String identity,
            Optional<String> adminPassword, Optional<String> dbPassword) {
        List<String> problems = new ArrayList<>();
        if (mode == HoneConfig.Mode.EMBEDDED) {
            return problems;
        }
        if (db.url().isEmpty()) {
            problems.add("HONE_DB_URL (the PostgreSQL to use, e.g. jdbc:postgresql://db:5432/hone) is missing");
        }
        if (weak(dbPassword)) {
            problems.add("HONE_DB_PASSWORD (the database password) is missing or a well-known default");
        }
        boolean localUsers = identity.trim().equalsIgnoreCase(SecurityConfig.Identity.LOCAL.name());
        if (localUsers && weak(adminPassword)) {
            problems.add("HONE_ADMIN_PASSWORD is missing or a well-known default (local users outside embedded mode)");
        }
        return problems;
    }

    /**
     * Why a worker that polls the GPU queue may not start: the engine sees no GPU here and the worker
     * is not told to pretend ({@code hone.runtime.fake-gpu}); null when it may. {@code gpus} is asked
     * only for such a worker, since it loads the engine's native library.
     */
    static String gpuProblem(HoneConfig runtime, java.util.function.IntSupplier gpus) {
        boolean pollsGpu = runtime.mode() == HoneConfig.Mode.WORKER
                && runtime.workerQueues().stream().map(String::trim).anyMatch("mlops-gpu"::equals);
        if (!pollsGpu || runtime.fakeGpu() || gpus.getAsInt() > 0) {
            return null;
        }
        return "hone.runtime.worker-queues names mlops-gpu, but the engine sees no GPU on this machine (CUDA natives:"
                + " see deploy/README.md, GPU workers); poll mlops-cpu instead";
    }

    /**
     * Why the artifact store as configured cannot work (checked in every mode, before anything starts, rather than at
     * the first upload): a kind other than {@code file} or {@code s3}, or an {@code s3} store without its bucket; null
     * when it may. Whether the bucket exists and can be written is the store's own check at its first use.
     */
    static String artifactStoreProblem(Optional<String> store, Optional<String> bucket) {
        String kind = store.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("file");
        if (kind.equals("file")) {
            return null;
        }
        if (!kind.equals("s3")) {
            return "hone.registry.artifact-store (HONE_REGISTRY_ARTIFACT_STORE) is '" + store.get().trim()
                    + "': use file or s3";
        }
        if (bucket.map(String::isBlank).orElse(true)) {
            return "hone.registry.artifact-store is s3 but hone.registry.s3.bucket (HONE_REGISTRY_S3_BUCKET, the bucket"
                    + " that holds the artifacts) is not set";
        }
        return null;
    }

    static String refusal(HoneConfig.Mode mode, List<String> problems) {
        return "Hone will not start in " + mode.name().toLowerCase(Locale.ROOT) + " mode: "
                + String.join("; ", problems) + ". Set them in the environment.";
    }

    private static boolean weak(Optional<String> secret) {
        return secret.map(s -> WELL_KNOWN.contains(s.trim().toLowerCase(Locale.ROOT))).orElse(true);
    }
}
