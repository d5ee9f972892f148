package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.PASSWORD;
import static dev.hone.api.Api.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refused sign-ins: logged and counted, held after repeated failures per user name and per
 * client, and refused in the same time whether the user name exists or not. The test profile
 * holds after 3 failures for 1 s, doubling up to 2 s; it trusts X-Forwarded-For (as an operator
 * behind a proxy would configure it), which lets the test speak from many clients.
 */
@QuarkusTest
class SignInTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(2);
    /**
     * The most that may pass between Hone recording a failure and this test seeing the refusal:
     * a hold counts from the recording, the test measures from the refusal.
     */
    private static final Duration SLACK = Duration.ofMillis(250);
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final Pattern BASIC_FAILURES =
            Pattern.compile("(?m)^hone_sign_in_failures_total\\{[^}]*scheme=\"basic\"[^}]*} ([0-9.eE+]+)$");

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    /** A client address no other attempt in this test run used (TEST-NET-3 and onwards). */
    private static String freshClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    /** One sign-in: a GraphQL call with these credentials, as from this client. */
    private static Response signIn(String user, String password, String client) {
        return given().auth().preemptive().basic(user, password).header("X-Forwarded-For", client)
                .contentType("application/json").body(Map.of("query", "{ me { username } }")).post("/graphql");
    }

    @Test
    void unknownAndKnownUserNamesAreRefusedInTheSameTime() {
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            // A fresh client, and a right password first (which clears the user's count): no hold
            // is part of what is measured, only the check itself.
            String client = freshClient();
            assertThat(signIn(VIEWER, PASSWORD, client).statusCode()).isEqualTo(200);
            long t0 = System.nanoTime();
            assertThat(signIn(VIEWER, "not-the-password", client).statusCode()).isEqualTo(401);
            known.add(System.nanoTime() - t0);
            String nobody = Api.unique("nobody");
            t0 = System.nanoTime();
            assertThat(signIn(nobody, "not-the-password", freshClient()).statusCode()).isEqualTo(401);
            unknown.add(System.nanoTime() - t0);
        }
        double ratio = (double) median(unknown) / median(known);
        // Without the dummy check an unknown name came back 10 to 20 times faster (no bcrypt at all).
        assertThat(ratio).as("median unknown %d ms / known %d ms", median(unknown) / 1_000_000,
                median(known) / 1_000_000).isBetween(0.5, 2.0);
    }

    @Test
    void refusedSignInsAreLoggedWithUserAndClientAndCountedButNeverShowThePassword() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.hone.security.signin.SignInGuard");
        logger.addHandler(capture);
        try {
            double before = basicFailures();
            String client = freshClient();
            String nobody = Api.unique("nobody");
            assertThat(signIn(nobody, "secret-guess-one", client).statusCode()).isEqualTo(401);
            assertThat(signIn(VIEWER, "secret-guess-two", client).statusCode()).isEqualTo(401);
            // The console's WebSocket sends its credentials in connection_init: refused and counted too.
            GraphQLStream stream = GraphQLStream.open(null, GraphQLStream.basic(VIEWER, "secret-guess-three"),
                    "subscription { runUpdates(id: 1) { id } }", "runUpdates");
            assertThat(stream.awaitRefusal()).isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (basicFailures() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(basicFailures()).isEqualTo(before + 3);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("'" + nobody + "'").contains(client));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("'" + VIEWER + "'").contains(client));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("'" + VIEWER + "'").contains("127.0.0.1"));
            assertThat(String.join("\n", lines)).doesNotContain("secret-guess");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void afterRepeatedFailuresAUsersAttemptsAreHeldWhateverTheClientAndTheRightPasswordWaitsToo() {
        String user = Api.unique("held").toLowerCase();
        Api.graphql(ADMIN, "mutation($u: String!) { saveUser(username: $u, password: \"" + PASSWORD
                + "\", roles: [\"viewer\"]) { username } }", Map.of("u", user));
        // Every attempt from a client of its own: only the user's count can hold it.
        long previousEnd = 0;
        for (int failure = 1; failure <= 5; failure++) {
            assertThat(signIn(user, "wrong-" + failure, freshClient()).statusCode()).isEqualTo(401);
            if (failure > 3) {
                assertHeldSince(previousEnd, failure - 1);
            }
            previousEnd = System.nanoTime();
        }
        assertThat(signIn(user, PASSWORD, freshClient()).statusCode()).isEqualTo(200);
        assertHeldSince(previousEnd, 5);
    }

    @Test
    void afterRepeatedFailuresFromAClientItsAttemptsAreHeldWhateverTheUserName() {
        String client = freshClient();
        long previousEnd = 0;
        for (int failure = 1; failure <= 5; failure++) {
            // A user name never seen before each time: only the client's count can hold it.
            assertThat(signIn(Api.unique("spray"), "guess", client).statusCode()).isEqualTo(401);
            if (failure > 3) {
                assertHeldSince(previousEnd, failure - 1);
            }
            previousEnd = System.nanoTime();
        }
        // A known user with the right password from that client waits as well.
        assertThat(signIn(VIEWER, PASSWORD, client).statusCode()).isEqualTo(200);
        assertHeldSince(previousEnd, 5);
    }

    /**
     * The attempt that just ended was held for the hold after {@code failures} failures: it ended
     * that long after the previous refusal (less the slack between recording a failure and
     * answering it). Without a hold it ends after one password check, well inside that.
     */
    private static void assertHeldSince(long previousEnd, int failures) {
        long hold = Math.min(MAX.toNanos(), BASE.toNanos() << (failures - 3));
        assertThat(Duration.ofNanos(System.nanoTime() - previousEnd)).as("after %d failures", failures)
                .isGreaterThanOrEqualTo(Duration.ofNanos(hold).minus(SLACK));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double basicFailures() {
        String metrics = Api.as(ADMIN).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = BASIC_FAILURES.matcher(metrics);
        assertThat(m.find()).as("hone_sign_in_failures_total{scheme=\"basic\"} in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
