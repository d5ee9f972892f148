package dev.hone.serving;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.deploy.ServingWindowService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ids of a deployment's predictions, for ground truth sent back later: each id carries the
 * deployment, the version that answered, what it predicted (a class's index or a value) and when,
 * signed with a key every serving process shares (HMAC-SHA256), so feedback needs no stored
 * prediction and cannot be forged to move a rollout's analysis. The key is
 * {@code hone.serving.feedback-key} ({@code HONE_SERVING_FEEDBACK_KEY}) when set, else one made once
 * and kept in the database.
 */
@ApplicationScoped
public class PredictionIds {

    private static final int PAYLOAD = 8 + 8 + 4 + 8 + 8;
    private static final int TAG = 16;

    /** What an id says. {@code label} is a class's index (-1 for a regressor), {@code value} a regressor's answer. */
    public record Issued(long deploymentId, long versionId, int label, double value, long epochSecond) {
    }

    private final ServingWindowService windows;
    private final Optional<String> configured;
    private volatile SecretKeySpec key;
    /** One initialised MAC per thread: creating one costs more than signing an id. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    });

    public PredictionIds(ServingWindowService windows, ServingConfig config) {
        this.windows = windows;
        this.configured = config.feedbackKey();
    }

    public String issue(long deploymentId, long versionId, int label, double value) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD + TAG);
        b.putLong(deploymentId).putLong(versionId).putInt(label).putDouble(value)
                .putLong(System.currentTimeMillis() / 1000);
        b.put(tag(b.array(), PAYLOAD));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** What {@code id} says, refused when it is not an id this installation signed. */
    public Issued verify(String id) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != PAYLOAD + TAG
                || !MessageDigest.isEqual(tag(raw, PAYLOAD), Arrays.copyOfRange(raw, PAYLOAD, PAYLOAD + TAG))) {
            throw new InvalidInputException("'" + (id == null ? null : id.length() > 80 ? id.substring(0, 80) + "..."
                    : id) + "' is not a prediction id this server gave out");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return new Issued(b.getLong(), b.getLong(), b.getInt(), b.getDouble(), b.getLong());
    }

    private byte[] tag(byte[] data, int length) {
        Mac mac = macs.get();
        mac.update(data, 0, length);
        return Arrays.copyOf(mac.doFinal(), TAG);
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            String secret = configured.filter(s -> !s.isBlank()).orElseGet(() -> {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                return windows.secret("prediction-ids", HexFormat.of().formatHex(fresh));
            });
            k = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            key = k;
        }
        return k;
    }
}
