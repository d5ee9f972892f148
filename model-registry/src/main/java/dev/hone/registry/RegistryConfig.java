package dev.hone.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Registry settings. The defaults make the embedded mode work with no configuration. */
@ConfigMapping(prefix = "hone.registry")
public interface RegistryConfig {

    /**
     * Directory of the content-addressed artifact store. With the S3 store, uploads are staged in its
     * {@code tmp} subdirectory before they are sent.
     */
    @WithDefault("./data/artifacts")
    String artifactDir();

    /** Where artifacts live: {@code file} (a directory, {@link #artifactDir()}) or {@code s3} ({@link #s3()}). */
    @WithDefault("file")
    StoreKind artifactStore();

    /** The S3-compatible object store, used when {@link #artifactStore()} is {@code s3}. */
    S3 s3();

    /** The kinds of artifact store. */
    enum StoreKind {
        FILE,
        S3
    }

    /**
     * An S3-compatible object store. Credentials come from the environment only (the AWS SDK's default
     * chain: {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, a profile, an instance role).
     */
    interface S3 {

        /** Endpoint URL of an S3-compatible server (MinIO, Ceph, ...); unset for Amazon S3 itself. */
        Optional<String> endpoint();

        /** The bucket that holds the artifacts; it must exist. Required when the store is {@code s3}. */
        Optional<String> bucket();

        /** The bucket's region (S3-compatible servers mostly accept any). */
        @WithDefault("us-east-1")
        String region();

        /** Key prefix under which artifacts are stored ({@code <prefix>/ab/abcdef...}); unset for none. */
        Optional<String> prefix();

        /** Addresses the bucket in the path ({@code endpoint/bucket/key}), as most S3-compatible servers need. */
        @WithDefault("true")
        boolean pathStyle();
    }
}
