package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.RegistryConfig;
import dev.hone.registry.artifact.Artifact;
import dev.hone.registry.artifact.ArtifactStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the artifact store cannot be written, an upload answers 503 STORAGE_UNAVAILABLE naming the
 * problem (it answered 500 "Internal error"), and a write that fails at any step leaves nothing:
 * no artifact file or row, no data set, no version.
 */
@QuarkusTest
class ArtifactStoreFailureTest {

    @Inject
    RegistryConfig registry;

    @Inject
    ArtifactStore store;

    @Inject
    EntityManager entities;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void anUnwritableStagingAreaIsReportedAndNothingIsKept() throws Exception {
        Path tmp = root().resolve("tmp");
        Path aside = root().resolve("tmp-aside");
        Files.createDirectories(tmp);
        Files.move(tmp, aside);
        Files.writeString(tmp, "a file where the staging directory belongs");
        try {
            long files = artifactFiles();
            String name = Api.unique("no-store");

            Response r = Api.upload(SCIENTIST, name, csv("a,b\n1,2\n"));

            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            assertThat(r.jsonPath().getString("code")).isEqualTo("STORAGE_UNAVAILABLE");
            assertThat(r.jsonPath().getString("message")).contains("artifact store is not writable",
                    "nothing was stored", "hone.registry.artifact-dir").doesNotContain(root().toString());
            assertNotRegistered(name);
            assertThat(artifactFiles()).isEqualTo(files);
        } finally {
            Files.delete(tmp);
            Files.move(aside, tmp);
        }
    }

    @Test
    void aStoreThatFailsWhenMovingTheFileInKeepsNothing() throws Exception {
        byte[] content = csv("x,y\n" + System.nanoTime() + ",2\n");
        Path shard = root().resolve(sha256(content).substring(0, 2));
        Path aside = root().resolve("shard-aside");
        boolean existed = Files.exists(shard);
        if (existed) {
            Files.move(shard, aside);
        }
        Files.createDirectories(root()); // a fresh build has stored nothing yet when this test runs first
        Files.writeString(shard, "a file where the shard directory belongs");
        try {
            String name = Api.unique("no-shard");

            Response r = Api.upload(SCIENTIST, name, content);

            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            assertThat(r.jsonPath().getString("code")).isEqualTo("STORAGE_UNAVAILABLE");
            assertNotRegistered(name);
            assertThat(artifactRow(sha256(content))).isFalse();
            try (Stream<Path> staged = Files.list(root().resolve("tmp"))) {
                assertThat(staged).as("staged files left behind").isEmpty();
            }
        } finally {
            Files.delete(shard);
            if (existed) {
                Files.move(aside, shard);
            }
        }
    }

    @Test
    void aCommitInATransactionThatRollsBackTakesItsFileOut() throws Exception {
        byte[] content = ("rolled back " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(content);
        Path file = root().resolve(sha.substring(0, 2)).resolve(sha);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            store.commit(store.stage(new ByteArrayInputStream(content), 1000), "text/plain");
            assertThat(Files.exists(file)).as("moved into place inside the transaction").isTrue();
            throw new IllegalStateException("a later step of the same transaction failed");
        })).hasMessageContaining("later step");

        assertThat(Files.exists(file)).as("file after the rollback").isFalse();
        assertThat(artifactRow(sha)).isFalse();
    }

    private Path root() {
        return Path.of(registry.artifactDir()).toAbsolutePath().normalize();
    }

    private long artifactFiles() throws IOException {
        try (Stream<Path> all = Files.walk(root())) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
                    .count();
        }
    }

    private boolean artifactRow(String sha) {
        return QuarkusTransaction.requiringNew().call(() -> entities.find(Artifact.class, sha) != null);
    }

    private static void assertNotRegistered(String name) {
        var r = graphql(VIEWER, "query($n: String!) { dataset(name: $n) { name } }", Map.of("n", name));
        assertThat(Api.errorCode(r)).isEqualTo("NOT_FOUND");
    }

    private static byte[] csv(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
