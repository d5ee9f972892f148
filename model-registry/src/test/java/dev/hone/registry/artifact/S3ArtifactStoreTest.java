package dev.hone.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.common.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 artifact store against a real S3-compatible server (s3proxy, in memory) on a local port. */
class S3ArtifactStoreTest {

    private static final String ACCESS_KEY = "hone-test-access";
    private static final String SECRET_KEY = "hone-test-secret";
    private static final String BUCKET = "artifacts";

    private static S3Proxy server;
    private static BlobStoreContext blobs;
    private static URI endpoint;
    private static S3Client s3;

    @TempDir
    Path staging;

    private final List<String> recorded = new ArrayList<>();
    private S3ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        server = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        while (!AbstractLifeCycle.STARTED.equals(server.getState())) {
            Thread.sleep(5);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        s3 = client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        server.stop();
        blobs.close();
    }

    static S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint)
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @BeforeEach
    void createBucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
        store = storeOn(s3, BUCKET);
    }

    @AfterEach
    void dropBucket() {
        for (S3Object o : objects()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(o.key()));
        }
        s3.deleteBucket(b -> b.bucket(BUCKET));
    }

    private S3ArtifactStore storeOn(S3Client client, String bucket) {
        return new S3ArtifactStore(client, endpoint.toString(), bucket, "hone/", staging,
                (sha, size, type, created, takeBack) -> recorded.add(sha));
    }

    private static List<S3Object> objects() {
        return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void smallArtifactRoundTripsUnderItsDigestWithTheDigestInItsMetadata() throws Exception {
        byte[] content = "a small artifact".getBytes();
        StoredArtifact stored = store.put(content, "text/plain");

        assertThat(stored.created()).isTrue();
        assertThat(store.read(stored.sha256())).isEqualTo(content);
        try (InputStream in = store.open(stored.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        String key = "hone/" + stored.sha256().substring(0, 2) + "/" + stored.sha256();
        assertThat(objects()).extracting(S3Object::key).containsExactly(key);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).metadata())
                .containsEntry(S3ArtifactStore.SHA256_METADATA, stored.sha256());
        assertThat(recorded).containsExactly(stored.sha256());
        try (var files = Files.list(staging)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void artifactLargerThanOnePartGoesUpInPartsAndReadsBackWhole() {
        byte[] content = randomBytes(2 * S3ArtifactStore.PART_SIZE + 12_345, 7);
        StoredArtifact stored = store.put(new ByteArrayInputStream(content), Long.MAX_VALUE, "application/octet-stream");

        assertThat(stored.sizeBytes()).isEqualTo(content.length);
        assertThat(store.read(stored.sha256())).isEqualTo(content);
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void identicalContentIsStoredOnceAndNotUploadedAgain() throws Exception {
        byte[] content = "same bytes".getBytes();
        StoredArtifact first = store.put(content, "text/plain");
        Instant written = objects().getFirst().lastModified();
        Thread.sleep(1100); // last-modified has a resolution of one second

        StoredArtifact second = store.put(content, "text/plain");

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.created()).isFalse();
        assertThat(objects()).hasSize(1);
        assertThat(objects().getFirst().lastModified()).isEqualTo(written);
    }

    @Test
    void uploadPastTheSizeLimitIsRefusedAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(randomBytes(1000, 1)), 999, "text/plain"))
                .isInstanceOf(PayloadTooLargeException.class);

        assertThat(objects()).isEmpty();
        try (var files = Files.list(staging)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void readingAMissingArtifactIsNotFound() {
        String missing = "0".repeat(64);
        assertThatThrownBy(() -> store.read(missing)).isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> store.open(missing)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void damagedObjectFailsReadAndOpenNamingTheArtifact() {
        StoredArtifact stored = store.put("the real content".getBytes(), "text/plain");
        s3.putObject(b -> b.bucket(BUCKET).key(store.key(stored.sha256())), RequestBody.fromString("tampered"));

        assertThatThrownBy(() -> store.read(stored.sha256())).isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining(stored.sha256()).hasMessageContaining("damaged");
        assertThatThrownBy(() -> {
            try (InputStream in = store.open(stored.sha256())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(ArtifactStoreException.class).hasMessageContaining(stored.sha256());
    }

    @Test
    void multipartUploadThatFailsMidwayLeavesNoObjectAndNoParts() {
        AtomicInteger parts = new AtomicInteger();
        S3Client failingSecondPart = failing(s3, "uploadPart", args -> {
            if (parts.incrementAndGet() == 2) {
                throw new IllegalStateException("connection lost during part 2");
            }
        });
        S3ArtifactStore failing = storeOn(failingSecondPart, BUCKET);
        byte[] content = randomBytes(3 * S3ArtifactStore.PART_SIZE, 3);

        assertThatThrownBy(() -> failing.put(new ByteArrayInputStream(content), Long.MAX_VALUE, "application/octet-stream"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(objects()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        assertThat(recorded).isEmpty();
    }

    @Test
    void checkWritablePassesOnTheBucketAndNamesAMissingOne() {
        store.checkWritable();

        assertThatThrownBy(() -> storeOn(s3, "no-such-bucket").checkWritable())
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining("no-such-bucket").hasMessageContaining(endpoint.toString());
    }

    /** The real client, with one fault injected before the named call (the server stays real). */
    private static S3Client failing(S3Client real, String method, Consumer<Object[]> fault) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, m, args) -> {
                    if (m.getName().equals(method) && args != null) {
                        fault.accept(args);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
