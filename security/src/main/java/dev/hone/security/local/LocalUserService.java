package dev.hone.security.local;

import dev.hone.registry.db.ChangeFeed;
import dev.hone.security.roles.Role;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Local users of embedded mode: creation, password checks, roles. */
@ApplicationScoped
public class LocalUserService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MIN_PASSWORD_LENGTH = 12;

    /**
     * bcrypt is deliberately slow; HTTP Basic sends the password with every request. Remember a
     * digest of each recently verified password so that only the first request pays for bcrypt.
     */
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    /**
     * Checked against the password of an unknown user name, so that refusing it costs the same
     * bcrypt time as refusing a known one: the response time must not tell which names exist.
     */
    private final String dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString());

    private final LocalUserRepository users;
    private final ChangeFeed feed;
    /** Users as stored, kept until the table changes in any process: a request reads no row. */
    private final ChangeFeed.Cache<String, Stored> stored;

    public LocalUserService(LocalUserRepository users, ChangeFeed feed) {
        this.users = users;
        this.feed = feed;
        this.stored = feed.cache(Set.of("local_user"), 10_000);
    }

    /** A verified user and its role names. */
    public record Principal(String username, Set<String> roles) {
    }

    private record Stored(String username, String passwordHash, Set<String> roles) {
    }

    public Optional<Principal> authenticate(String username, char[] password) {
        Stored user = stored.get(username, () -> QuarkusTransaction.joiningExisting().call(() -> {
            LocalUser u = users.findById(username);
            return u == null ? null : new Stored(u.username, u.passwordHash, roles(u));
        }));
        if (user == null) {
            BcryptUtil.matches(new String(password), dummyHash);
            return Optional.empty();
        }
        String key = user.username() + ":" + user.passwordHash();
        String digest = sha256(password);
        if (!digest.equals(verified.get(key))) {
            if (!BcryptUtil.matches(new String(password), user.passwordHash())) {
                return Optional.empty();
            }
            verified.put(key, digest);
        }
        return Optional.of(new Principal(user.username(), user.roles()));
    }

    /** Creates a user, or replaces its password and roles when it exists. */
    @Transactional
    public LocalUser save(String username, String password, List<String> roleNames) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("Invalid username '" + username
                    + "': use 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("The password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (roleNames == null || roleNames.isEmpty()) {
            throw new IllegalArgumentException("Give at least one role: viewer, data-scientist, approver, admin or model-consumer");
        }
        for (String r : roleNames) {
            if (Role.byName(r).isEmpty()) {
                throw new IllegalArgumentException("Unknown role '" + r + "': use viewer, data-scientist, approver, admin or model-consumer");
            }
        }
        // A changed password or role takes effect at this process's next request, not a moment later.
        feed.changedHere("local_user");
        // One statement, so that two saves of a new name at once both succeed (the last one wins).
        users.getEntityManager().createNativeQuery("insert into local_user (username, password_hash, roles, created_at) "
                + "values (?1, ?2, ?3, ?4) on conflict (username) do update "
                + "set password_hash = excluded.password_hash, roles = excluded.roles")
                .setParameter(1, username).setParameter(2, BcryptUtil.bcryptHash(password))
                .setParameter(3, String.join(",", roleNames)).setParameter(4, Instant.now()).executeUpdate();
        return users.findById(username);
    }

    @Transactional
    public boolean exists(String username) {
        return users.findById(username) != null;
    }

    @Transactional
    public boolean passwordMatches(String username, String password) {
        LocalUser user = users.findById(username);
        return user != null && BcryptUtil.matches(password, user.passwordHash);
    }

    @Transactional
    public List<LocalUser> list() {
        return users.listAll();
    }

    public static Set<String> roles(LocalUser user) {
        return Arrays.stream(user.roles.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String sha256(char[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(new String(password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
