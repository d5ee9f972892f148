package dev.hone.registry.artifact;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.PayloadTooLargeException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** What every store does the same way: staging to a local file, checking digests. */
final class StoreSupport {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private StoreSupport() {
    }

    /**
     * Streams content into a new file in {@code dir}, computing its SHA-256 and refusing it past
     * {@code maxBytes}; on any failure the file is gone.
     */
    static StagedArtifact stage(Path dir, InputStream content, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = readUpload(content, buffer)) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        throw new PayloadTooLargeException(
                                "The upload is larger than the limit of " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            StagedArtifact staged = new StagedArtifact(tmp, HexFormat.of().formatHex(digest.digest()), size);
            tmp = null;
            return staged;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Reading the sender's bytes can fail too (a connection that broke off): not the store's problem. */
    private static int readUpload(InputStream content, byte[] buffer) {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new InvalidInputException("The upload could not be read to its end: " + e.getMessage(), e);
        }
    }

    /** Digests become file names and keys: accept nothing but a digest, so no input can walk the tree. */
    static String requireSha256(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidInputException("'" + sha256 + "' is not a SHA-256 artifact reference");
        }
        return sha256;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                Log.warnf("Could not delete temporary file %s: %s", p, e.getMessage());
            }
        }
    }
}
