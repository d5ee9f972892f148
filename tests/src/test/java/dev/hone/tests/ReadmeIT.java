package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README works verbatim for a new user: after the demo, every command of its bash blocks that
 * talks to Hone runs as written, in the README's order, from the repository's root, and so does the
 * "try it" line the demo prints. Only the port differs (the test's Hone listens on a free one).
 */
class ReadmeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BASH = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyCommandOfTheReadmeWorksAsWrittenAfterTheDemo() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            if (m.group(1).contains("curl ")) {
                blocks.add(m.group(1));
            }
        }
        assertThat(blocks).as("the README's curl blocks: saveUser, upload, the GraphQL examples").hasSizeGreaterThanOrEqualTo(3);

        try (HoneProcess hone = new HoneProcess(Files.createTempDirectory("hone-readme"), "-Dhone.runtime.demo=true")) {
            hone.start();
            hone.awaitLog("[demo] Registered model", Duration.ofMinutes(3));
            String port = String.valueOf(hone.uri("/").getPort());

            for (String block : blocks) {
                String output = bash(block.replace("127.0.0.1:8080", "127.0.0.1:" + port));
                assertThat(output).as("output of\n%s", block).isNotBlank().doesNotContain("\"errors\"")
                        .doesNotContain("\"code\":");
            }

            // The explorer the README points to: behind the browser's own sign-in, then served.
            var http = java.net.http.HttpClient.newHttpClient();
            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(hone.uri("/q/graphql-ui/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWithIgnoringCase("basic"));
            var signedIn = http.send(java.net.http.HttpRequest.newBuilder(hone.uri("/q/graphql-ui/"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            ("admin:" + HoneProcess.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            assertThat(signedIn.body()).containsIgnoringCase("graphiql");

            Matcher tryIt = Pattern.compile("try it[^\n]*\n\\s*(curl .*?\\\\\n\\s*-d '[^\n]*')").matcher(hone.log());
            assertThat(tryIt.find()).as("the demo prints a try-it command:\n%s", hone.log()).isTrue();
            String output = bash(tryIt.group(1).replace("\\\n", " "));
            assertThat(output).as("the demo's try-it line answers").contains("\"modelVersion\"")
                    .doesNotContain("\"errors\"");
        }
    }

    /** Runs a script as a user's shell would (stopping at the first failure) and returns what it printed. */
    private static String bash(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-eo", "pipefail", "-c", script).directory(ROOT.toFile())
                .redirectErrorStream(true);
        // As the README asks: the admin's password exported in the shell the commands run from.
        pb.environment().put("HONE_ADMIN_PASSWORD", HoneProcess.ADMIN_PASSWORD);
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
