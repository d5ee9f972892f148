package dev.hone.registry.artifact;

import dev.hone.registry.RegistryConfig;
import dev.hone.registry.common.NotFoundException;
import io.quarkus.logging.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Artifact store in an S3-compatible object store: {@code <prefix>/ab/abcdef...} in one bucket, the
 * SHA-256 also in the object's metadata. Content is staged to a local file (digest and size limit
 * checked while it streams in), then uploaded once: an object under a digest is never replaced, and
 * a large one goes up in parts that become visible only when all have arrived (a failed upload is
 * aborted, so no partial object and no stray parts remain). Reads verify the digest, so a damaged
 * object is reported, never served.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    /** Part size of multipart uploads; smaller content goes up in one request. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String where;
    private final String bucket;
    private final String prefix;
    private final Path stagingDir;
    private final ArtifactCatalog catalog;

    S3ArtifactStore(S3Client s3, String endpoint, String bucket, String prefix, Path stagingDir,
            ArtifactCatalog catalog) {
        this.s3 = s3;
        this.where = "at " + endpoint + ", bucket " + bucket;
        this.bucket = bucket;
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
        this.stagingDir = stagingDir.toAbsolutePath().normalize();
        this.catalog = catalog;
    }

    /** A store on the configured server; credentials come from the environment (the SDK's default chain). */
    static S3ArtifactStore connect(RegistryConfig.S3 settings, Path stagingDir, ArtifactCatalog catalog) {
        String bucket = settings.bucket().orElseThrow(() -> new IllegalStateException(
                "hone.registry.artifact-store is s3 but hone.registry.s3.bucket is not set"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // Many S3-compatible servers reject the SDK's default trailing checksums; the digest is checked on read.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        String endpoint = settings.endpoint().orElse("Amazon S3 (" + settings.region() + ")");
        return new S3ArtifactStore(builder.build(), endpoint, bucket, settings.prefix().orElse(""), stagingDir,
                catalog);
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) {
        try {
            return StoreSupport.stage(stagingDir, content, maxBytes);
        } catch (IOException e) {
            Log.errorf(e, "Cannot stage an upload in %s", stagingDir);
            throw ArtifactStoreException.objectStoreNotWritable(where, "its staging directory cannot be written", e);
        }
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged, String mediaType) {
        String sha = staged.sha256();
        String key = key(sha);
        boolean created = false;
        try {
            if (!exists(key)) {
                upload(staged, key, mediaType);
                created = true;
            }
        } catch (SdkException | IOException e) {
            Log.errorf(e, "Cannot write artifact %s to the store %s", sha, where);
            throw ArtifactStoreException.objectStoreNotWritable(where, problem(e), asIo(e));
        }
        catalog.record(sha, staged.sizeBytes(), mediaType, created,
                () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        return new StoredArtifact(sha, staged.sizeBytes(), created);
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void upload(StagedArtifact staged, String key, String mediaType) throws IOException {
        Map<String, String> metadata = Map.of(SHA256_METADATA, staged.sha256());
        if (staged.sizeBytes() < PART_SIZE) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(mediaType).metadata(metadata),
                    RequestBody.fromFile(staged.file()));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(mediaType)
                .metadata(metadata)).uploadId();
        try (InputStream in = Files.newInputStream(staged.file())) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = new byte[PART_SIZE];
            int read;
            while ((read = in.readNBytes(part, 0, PART_SIZE)) > 0) {
                int number = parts.size() + 1;
                byte[] body = read == PART_SIZE ? part : Arrays.copyOf(part, read);
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(body)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            Log.errorf(e, "Could not abort the multipart upload %s of %s in %s; its parts stay until the bucket's"
                    + " lifecycle rule removes them", uploadId, key, where);
        }
    }

    @Override
    public void checkWritable() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            // Uploads are staged locally first: that directory must be writable too.
            StoreSupport.deleteQuietly(StoreSupport.stage(stagingDir, InputStream.nullInputStream(), 0).file());
        } catch (SdkException | IOException e) {
            Log.errorf(e, "Cannot write to the artifact store %s", where);
            throw ArtifactStoreException.objectStoreNotWritable(where, problem(e), asIo(e));
        }
    }

    @Override
    public void discard(StagedArtifact staged) {
        StoreSupport.deleteQuietly(staged.file());
    }

    /**
     * A stream that checks the content against its digest as it is read: at its end, a mismatch throws
     * {@link ArtifactStoreException} naming the artifact. A stream closed before its end is not checked.
     */
    @Override
    public InputStream open(String sha256) {
        String key = key(sha256);
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("Artifact " + sha256 + " does not exist in the store");
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 404) {
                throw new NotFoundException("Artifact " + sha256 + " does not exist in the store");
            }
            Log.errorf(e, "Cannot read artifact %s from the store %s", sha256, where);
            throw ArtifactStoreException.cannotRead(sha256, problem(e), asIo(e));
        }
        return new VerifyingStream(object, sha256);
    }

    @Override
    public byte[] read(String sha256) {
        try (InputStream in = open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            Log.errorf(e, "Cannot read artifact %s from the store %s", sha256, where);
            throw ArtifactStoreException.cannotRead(sha256, problem(e), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    String key(String sha256) {
        StoreSupport.requireSha256(sha256);
        return prefix + sha256.substring(0, 2) + "/" + sha256;
    }

    private static String problem(Exception e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            return (code != null ? code : "error") + ", HTTP " + s.statusCode();
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    /** Hashes what passes through; at the end of the stream, compares with the artifact's name. */
    private static final class VerifyingStream extends FilterInputStream {
        private final String sha256;
        private final MessageDigest digest = StoreSupport.sha256();
        private boolean checked;

        VerifyingStream(InputStream in, String sha256) {
            super(in);
            this.sha256 = sha256;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b == -1) {
                verify();
            } else {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n == -1) {
                verify();
            } else {
                digest.update(buffer, offset, n);
            }
            return n;
        }

        /** Skipped bytes are read and hashed all the same, so the check still holds. */
        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            byte[] buffer = new byte[8192];
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r == -1) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void verify() {
            if (!checked) {
                checked = true;
                if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
                    throw ArtifactStoreException.damaged(sha256);
                }
            }
        }
    }
}
