package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README works verbatim for a new user: {@code ./hone --demo} starts Hone on its default port
 * with a generated admin password; the {@code export} line it prints, then every command of the
 * README's bash blocks that talks to Hone, run as written in the README's order, and so does the
 * "try it" line the demo prints. Nothing is changed but the directory: a scratch copy of what
 * {@code ./hone} needs (the script, the built application, the sample), so that the checkout's own
 * {@code ./data} is never touched.
 */
class ReadmeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BASH = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);
    private static final URI HONE = URI.create("http://127.0.0.1:8080");

    @Test
    void everyCommandOfTheReadmeWorksAsWrittenAfterTheDemo() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("./hone --demo");
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH.matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("curl ")) {
                blocks.add(m.group(1));
            }
        }
        assertThat(blocks).as("the README's curl blocks: saveUser, upload, the GraphQL examples").hasSizeGreaterThanOrEqualTo(3);
        try (ServerSocket free = new ServerSocket(8080)) {
            assertThat(free.getLocalPort()).as("the README's port 8080 is free for this test").isEqualTo(8080);
        }

        Path dir = scratchCheckout();
        Path log = dir.resolve("hone-demo.log");
        ProcessBuilder pb = new ProcessBuilder("./hone", "--demo").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("HONE_ADMIN_PASSWORD"); // a new user's first start: the password is generated
        Process hone = pb.start();
        try {
            String output = awaitLog(hone, log, "[demo] Registered model", Duration.ofMinutes(3));
            Matcher export = Pattern.compile("export HONE_ADMIN_PASSWORD='[A-Za-z0-9]+'").matcher(output);
            assertThat(export.find()).as("the generated password as an export line:\n%s", output).isTrue();
            String password = export.group().substring("export HONE_ADMIN_PASSWORD='".length(),
                    export.group().length() - 1);
            assertThat(output.split(Pattern.quote(password), -1)).as("the password printed once").hasSize(2);

            for (String block : blocks) {
                String printed = bash(dir, export.group() + "\n" + block);
                assertThat(printed).as("output of\n%s", block).isNotBlank().doesNotContain("\"errors\"")
                        .doesNotContain("\"code\":");
            }
            Matcher tryIt = Pattern.compile("try it[^\n]*\n\\s*(curl .*?\\\\\n\\s*-d '[^\n]*')").matcher(output);
            assertThat(tryIt.find()).as("the demo prints a try-it command:\n%s", output).isTrue();
            assertThat(bash(dir, export.group() + "\n" + tryIt.group(1))).as("the demo's try-it line answers")
                    .contains("\"modelVersion\"").doesNotContain("\"errors\"");

            // The explorer the README points to: behind the browser's own sign-in, then served.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(HONE.resolve("/q/graphql-ui/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWithIgnoringCase("basic"));
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(HONE.resolve("/q/graphql-ui/"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("admin:" + password).getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.body()).containsIgnoringCase("graphiql");
        } finally {
            hone.destroy(); // SIGTERM, as Ctrl-C would: Hone marks runs in flight INTERRUPTED and exits
            if (!hone.waitFor(60, TimeUnit.SECONDS)) {
                hone.destroyForcibly().waitFor();
            }
        }
    }

    /** What {@code ./hone} needs from a checkout: the script, the built application (linked) and the sample. */
    private static Path scratchCheckout() throws IOException {
        Path dir = Files.createTempDirectory("hone-readme");
        Files.copy(ROOT.resolve("hone"), dir.resolve("hone"));
        dir.resolve("hone").toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("api/target"));
        Files.createSymbolicLink(dir.resolve("api/target/quarkus-app"), ROOT.resolve("api/target/quarkus-app"));
        Path sample = Path.of("api/src/main/resources/samples/iris.csv");
        Files.createDirectories(dir.resolve(sample).getParent());
        Files.copy(ROOT.resolve(sample), dir.resolve(sample));
        return dir;
    }

    private static String awaitLog(Process p, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains(text)) {
                return output;
            }
            assertThat(p.isAlive()).as("./hone --demo exited early:\n%s", output).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("'" + text + "' not printed in " + timeout + ":\n" + Files.readString(log));
    }

    /** Runs a script as a user's shell would (stopping at the first failure) and returns what it printed. */
    private static String bash(Path dir, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-eo", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("HONE_ADMIN_PASSWORD");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("Still running after 2 minutes:\n" + script);
        }
        assertThat(p.exitValue()).as("exit status of\n%s\nprinting\n%s", script, output).isZero();
        return output;
    }
}
