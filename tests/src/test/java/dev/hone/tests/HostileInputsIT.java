package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of malformed inputs against the packaged application: CSV files, data set and model
 * names, GraphQL documents and variables, run specs, ids, prediction bodies, REST requests. None
 * may cause a server error (a 5xx, or "System error" / INTERNAL in GraphQL), every refusal must
 * carry an error code, and no refused input may leave anything behind (data sets, versions, runs,
 * model versions and artifact files are counted before and after each one). Afterwards the
 * process must be healthy and serve normal requests. The counts are logged (and quoted in
 * docs/benchmarks.md, "Hostile inputs").
 */
class HostileInputsIT {

    private static final Logger LOG = Logger.getLogger(HostileInputsIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIENTIST = "scientist";
    private static final String VIEWER = "viewer";
    private static final String PASSWORD = "hostile-inputs-password";
    /** Names unique to this run: the tests' database outlives a run. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String IRIS = "iris-" + RUN;
    private static final String MODEL = "hostile-iris-" + RUN;

    @TempDir
    Path workDir;

    private HoneProcess hone;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> serverErrors = new ArrayList<>();
    private final List<String> partialWrites = new ArrayList<>();
    private final List<String> missingCodes = new ArrayList<>();
    private final List<String> notRefused = new ArrayList<>();
    private final List<String> acceptedCases = new ArrayList<>();
    private final Map<String, Integer> sentByCategory = new LinkedHashMap<>();
    private int refused;
    private int refusedElsewhereWithoutCode;
    private int accepted;

    /**
     * What a case must do: be refused (with a code), or either (a random mutation may happen to be
     * valid; a refusal still needs a code), or just answer without a server error or a trace, for
     * forms whose handling is decided elsewhere (GraphQL's content types).
     */
    private enum Expect { REFUSED, EITHER, ANY_ANSWER }

    @Test
    void hostileInputsCauseNoServerErrorAndLeaveNothingBehind() throws Exception {
        // An administrator's configuration: pages of 150 prove a limit can be raised; a 3 MB upload
        // limit keeps the over-limit case cheap; predictions are not rate-limited in this test.
        try (HoneProcess process = new HoneProcess(workDir, "-Dhone.limits.page-size=150",
                "-Dhone.limits.upload-bytes=3000000", "-Dhone.security.predict-burst=100000",
                "-Dhone.security.predict-rate-per-second=100000")) {
            hone = process;
            hone.start();
            prepare();

            csvFiles();
            datasetNames();
            modelNamesAndStrings();
            graphqlDocuments();
            graphqlVariables();
            runSpecs();
            ids();
            predictBodies();
            restRequests();

            int total = refused + accepted;
            LOG.infof("Hostile inputs: %d sent (%s), %d refused (%d of them in GraphQL content types, whose "
                    + "handling is decided elsewhere, without a code), %d accepted as valid; server errors %d, "
                    + "partial writes %d, other refusals without a code %d", total, sentByCategory, refused,
                    refusedElsewhereWithoutCode, accepted, serverErrors.size(), partialWrites.size(),
                    missingCodes.size());
            LOG.infof("Accepted as valid: %s", acceptedCases);
            serverErrors.forEach(e -> LOG.errorf("Server error: %s", e));
            partialWrites.forEach(e -> LOG.errorf("Partial write: %s", e));
            missingCodes.forEach(e -> LOG.errorf("Refusal without a code: %s", e));
            notRefused.forEach(e -> LOG.errorf("Not refused: %s", e));
            assertThat(serverErrors).as("server errors").isEmpty();
            assertThat(partialWrites).as("refused inputs that left something behind").isEmpty();
            assertThat(missingCodes).as("refusals without an error code").isEmpty();
            assertThat(notRefused).as("inputs that should have been refused").isEmpty();
            assertThat(total).isGreaterThanOrEqualTo(300);

            // Still healthy, and normal work goes on.
            HttpResponse<String> health = send(HttpRequest.newBuilder(hone.uri("/q/health")).GET());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
            assertThat(upload("after-the-storm-" + RUN, csv("a,b\n1,2\n3,4\n")).statusCode()).isEqualTo(201);
            assertThat(predict("{\"rows\": [{\"sepal_length\": \"5.1\", \"sepal_width\": \"3.5\", "
                    + "\"petal_length\": \"1.4\", \"petal_width\": \"0.2\"}]}", "").body()).contains("setosa");
            // Wide and long data are not malformed: they are stored.
            assertThat(upload("ten-thousand-columns-" + RUN, wideCsv(10_000)).statusCode()).isEqualTo(201);
            assertThat(upload("megabyte-value-" + RUN, csv("id,note\n1," + "n".repeat(1_048_576) + "\n2,x\n")).statusCode())
                    .isEqualTo(201);
            // The formats data already lives in: the same iris as gzip-compressed CSV and as Parquet.
            byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
            for (var file : Map.of("gzip", gzip(iris),
                    "parquet", Files.readAllBytes(PARQUET.resolve("iris-snappy.parquet"))).entrySet()) {
                HttpResponse<String> stored = upload("iris-" + file.getKey() + "-" + RUN, file.getValue());
                assertThat(stored.statusCode()).as(file.getKey()).isEqualTo(201);
                JsonNode profile = JSON.readTree(stored.body()).path("profile");
                assertThat(profile.path("rowCount").asLong()).as(file.getKey()).isEqualTo(150);
                assertThat(profile.path("columns").get(4).path("topValues").get(0).path("count").asLong())
                        .as(file.getKey()).isEqualTo(50);
            }
            // A compressed file that expands past the limit is refused as a too large one is, naming the limit.
            HttpResponse<String> bomb = upload("bomb-" + RUN, gzip(("a,b\n" + "1,2\n".repeat(1_000_000))
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(bomb.statusCode()).isEqualTo(413);
            assertThat(bomb.body()).contains("The decompressed file is larger than the upload limit of 3000000 bytes");
        }
    }

    /** Users, a data set and a trained model for the inputs to aim at. */
    private void prepare() throws Exception {
        for (var user : Map.of(SCIENTIST, "data-scientist", VIEWER, "viewer").entrySet()) {
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation($u: String!, $p: String!, "
                    + "$r: [String!]!) { saveUser(username: $u, password: $p, roles: $r) { username } }",
                    Map.of("u", user.getKey(), "p", PASSWORD, "r", List.of(user.getValue()))));
        }
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(upload(IRIS, iris).statusCode()).isEqualTo(201);
        JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($in: StartRunInput!) { "
                + "startRun(input: $in) { id } }", Map.of("in", Map.of("dataset", IRIS, "target", "species",
                        "modelName", MODEL, "training", Map.of("maxEpochs", 20)))));
        long run = started.path("data").path("startRun").path("id").asLong();
        hone.awaitGraphql(VIEWER, PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", run),
                r -> "SUCCEEDED".equals(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3));
    }

    private void csvFiles() throws Exception {
        String[] refusedFiles = {"", "\n\n\n", "a,b,c\n", "a,b,c\n1,2\n", "a,b\n1,2,3\n", "a,b\n\"1,2\n", "a,a\n1,2\n",
            ",b\n1,2\n", "a, \n1,2\n", "\uFEFF", "\"", "a,b\n1,\"2\"x\n", "a,b\n1,2\n3\n", "\"a\nb\",c\n",
            "a,b\r\n1\r\n", "a,,b\n1,2,3\n", " , \n1,2\n", "a,b\n\"\"\"\n"};
        for (String content : refusedFiles) {
            uploadCase("csv", "file " + JSON.writeValueAsString(content), csv(content), Expect.REFUSED);
        }
        uploadCase("csv", "Latin-1", "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1), Expect.REFUSED);
        uploadCase("csv", "broken UTF-8", new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'}, Expect.REFUSED);
        uploadCase("csv", "UTF-16", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16), Expect.REFUSED);
        uploadCase("csv", "over the upload limit", wideRows(3_100_000), Expect.REFUSED);
        uploadCase("csv", "header of 10,001 columns, row of 1", csv(new String(wideCsv(10_001), StandardCharsets.UTF_8)
                .split("\n")[0] + "\n1\n"), Expect.REFUSED);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[50 + random.nextInt(400)];
            random.nextBytes(noise);
            uploadCase("csv", "random bytes #" + i, noise, Expect.EITHER);
        }
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        for (int i = 0; i < 15; i++) {
            byte[] mutated = iris.clone();
            for (int k = 0; k < 5; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) "\",\n\r\u0000x\"\"".charAt(random.nextInt(8));
            }
            uploadCase("csv", "mutated iris #" + i, mutated, Expect.EITHER);
        }
        uploadCase("csv", "NUL in a value", csv("a,b\n1,\u0000\n2,x\n"), Expect.EITHER);

        // Compressed CSV and Parquet get the same checks as CSV.
        byte[] zipped = gzip(iris);
        uploadCase("csv", "gzip cut in half", Arrays.copyOf(zipped, zipped.length / 2), Expect.REFUSED);
        uploadCase("csv", "gzip of a ragged CSV", gzip(csv("a,b\n1,2\n3\n")), Expect.REFUSED);
        uploadCase("csv", "gzip of Latin-1", gzip("name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)),
                Expect.REFUSED);
        uploadCase("csv", "gzip of nothing", gzip(new byte[0]), Expect.REFUSED);
        uploadCase("csv", "gzip header only", new byte[] {0x1f, (byte) 0x8b, 8, 0}, Expect.REFUSED);
        byte[] bomb = gzip(("a,b\n" + "1,2\n".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(100_000);
        uploadCase("csv", "gzip that expands past the upload limit", bomb, Expect.REFUSED);
        for (String bad : List.of("truncated", "list", "struct", "map", "empty", "duplicate-names", "blank-name")) {
            uploadCase("csv", "Parquet " + bad, Files.readAllBytes(PARQUET.resolve(bad + ".parquet")), Expect.REFUSED);
        }
        byte[] parquetNoise = new byte[300];
        random.nextBytes(parquetNoise);
        System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, parquetNoise, 0, 4);
        System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, parquetNoise, 296, 4);
        uploadCase("csv", "PAR1 around random bytes", parquetNoise, Expect.REFUSED);
    }

    private static final Path PARQUET = Path.of("../ml/src/test/resources/parquet");

    private static byte[] gzip(byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private void datasetNames() throws Exception {
        String[] refusedNames = {"-x", ".x", "_x", "x".repeat(101), "x%20y", "x%2Fy", "x%5Cy", "x%00y", "%2E%2E",
            "x;y", "x;", ";x", "x%3By", "%C3%BC", "x*", "x%23y", "x'", "x%22", "%3Cscript%3E", "x/y", "x%20",
            "%F0%9F%98%80", "x%0Ay", "x%0D%0Ay", "x,y", "x:y", "x@y", "x=y", "x+y", "x$y", "x!", "x(y)", "x~",
            "%2e", "x%25", "%EF%BF%BD", "x%09y", "%", "x%zz"};
        for (String name : refusedNames) {
            uploadCase("data set name", name, csv("a,b\n1,2\n"), Expect.REFUSED);
        }
    }

    private void modelNamesAndStrings() throws Exception {
        String[] names = {"", " ", "x".repeat(300), "../etc/passwd", "a\u0000b", "\uD800", "<b>", "'; drop table run;--",
            "\u202Ereverse", "%00"};
        for (String name : names) {
            graphqlCase("model name", "model(" + name.length() + " chars)", SCIENTIST,
                    Map.of("query", "query($n: String!) { model(name: $n) { name } }", "variables", Map.of("n", name)),
                    Expect.REFUSED);
            graphqlCase("model name", "startRun modelName " + name.length() + " chars", SCIENTIST,
                    Map.of("query", "mutation($n: String!) { startRun(input: {dataset: \"" + IRIS + "\", "
                            + "target: \"species\", modelName: $n}) { id } }", "variables", Map.of("n", name)),
                    Expect.REFUSED);
        }
        String[][] tags = {{"", "v"}, {"k".repeat(101), "v"}, {"k", "v".repeat(1001)}, {"k\u0000", "v"}};
        for (String[] tag : tags) {
            graphqlCase("model name", "setTag key " + tag[0].length() + " value " + tag[1].length(), SCIENTIST,
                    Map.of("query", "mutation($k: String!, $v: String!) { setTag(model: \"" + MODEL + "\", version: 1, "
                            + "key: $k, value: $v) { key } }", "variables", Map.of("k", tag[0], "v", tag[1])),
                    Expect.EITHER);
        }
        for (String alias : new String[] {"", "UPPER", "a".repeat(65), "a b", "-a"}) {
            graphqlCase("model name", "setAlias '" + alias + "'", SCIENTIST, Map.of("query", "mutation($a: String!) { "
                    + "setAlias(model: \"" + MODEL + "\", alias: $a, version: 1) { alias } }", "variables",
                    Map.of("a", alias)), Expect.REFUSED);
        }
        for (String user : new String[] {"", "UPPER", "u".repeat(65), "a b", "\u0000"}) {
            graphqlCase("model name", "saveUser '" + user + "'", "admin", Map.of("query", "mutation($u: String!) { "
                    + "saveUser(username: $u, password: \"a-long-enough-password\", roles: [\"viewer\"]) { username } }",
                    "variables", Map.of("u", user)), Expect.REFUSED);
        }
        graphqlCase("model name", "saveUser unknown role", "admin", Map.of("query", "mutation { saveUser(username: "
                + "\"someone\", password: \"a-long-enough-password\", roles: [\"root\"]) { username } }"), Expect.REFUSED);
        graphqlCase("model name", "saveUser short password", "admin", Map.of("query", "mutation { saveUser(username: "
                + "\"someone\", password: \"short\", roles: [\"viewer\"]) { username } }"), Expect.REFUSED);
        graphqlCase("model name", "saveUser 100 KB password", "admin", Map.of("query", "mutation($p: String!) { "
                + "saveUser(username: \"someone-else\", password: $p, roles: [\"bogus\"]) { username } }",
                "variables", Map.of("p", "p".repeat(100_000))), Expect.REFUSED);
    }

    private void graphqlDocuments() throws Exception {
        String[] documents = {"", " ", "{", "}", "{ me { username }", "{ me { username } } }", "query", "mutation",
            "{ me }", "{ me { usernam } }", "{ nothing }", "{ me { username(arg: 1) } }", "query q { me { username } } "
                + "query q { me { username } }", "fragment f on User { username } { me { ...f ...g } }",
            "fragment f on User { ...f } { me { ...f } }", "{ me @unknown { username } }", "{ me { username @skip } }",
            "{ run(id: ) { id } }", "{ run { id } }", "{ run(id: 1, id: 2) { id } }", "{ models(page: -1) { items { name } } }",
            "{ models(size: 0) { items { name } } }", "{ models(size: 151) { items { name } } }",
            "{ datasets(page: 2147483647, size: 150) { items { name } } }", "{ \"me\" }", "{ me { username } } garbage",
            "query ($a: Int, $a: Int) { me { username } }", "query ($a: Nope) { me { username } }",
            "query ($a: Int!) { me { username } }", "{ __type(name: 1) { name } }",
            "{ " + "a: __typename ".repeat(6000) + "}", "{ " + "me { ".repeat(40) + "}".repeat(40) + " }",
            "{ __schema { types { fields { type { " + "ofType { ".repeat(20) + "name" + " }".repeat(20) + " } } } } }",
            "{ me { username } }\u0000", "\uFEFF{ me { username } }x", "subscription { runUpdates(id: 1) { id } }",
            "mutation { cancelRun }", "mutation { startRun(input: {}) { id } }", "{ predict(model: \"x\") { label } }",
            "{ models { items { versions { run { datasetVersion { profile { columns { topValues { value } } } } } } } } }",
            "{ " + "m%d: models { items { name } } ".formatted(0).repeat(1) + "}", "#" + "x".repeat(200_000)};
        for (String document : documents) {
            graphqlCase("graphql document", abbreviate(document), VIEWER, Map.of("query", document),
                    document.startsWith("{ models { items") || document.startsWith("{ m0:") ? Expect.EITHER
                            : Expect.REFUSED);
        }
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            aliases.append(" m").append(i).append(": models { items { versions { version } } }");
        }
        graphqlCase("graphql document", "400 aliased list fields (complexity)", VIEWER,
                Map.of("query", aliases.append(" }").toString()), Expect.REFUSED);
        graphqlRaw("graphql document", "300 KB with Content-Length", VIEWER, "application/json",
                ("{\"query\": \"{ me { username } }" + " ".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                Expect.REFUSED);
        graphqlRaw("graphql document", "invalid UTF-8 body", VIEWER, "application/json",
                new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xFF, '"', '}'}, Expect.REFUSED);
        String[] envelopes = {"", "null", "[]", "[{\"query\": \"{ me { username } }\"}]", "\"{ me { username } }\"", "5",
            "{", "{\"query\": null}", "{\"query\": 5}", "{\"query\": [\"{ me { username } }\"]}", "{\"Query\": \"{ me { username } }\"}",
            "{\"query\": \"{ me { username } }\", \"operationName\": 5}",
            "{\"query\": \"{ me { username } }\", \"operationName\": \"nope\"}",
            "{\"query\": \"{ me { username } }\", \"extensions\": []}"};
        for (String envelope : envelopes) {
            graphqlRaw("graphql document", "envelope " + abbreviate(envelope), VIEWER, "application/json",
                    envelope.getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
        graphqlRaw("graphql document", "plain text body", VIEWER, "text/plain",
                "{ me { username } }".getBytes(StandardCharsets.UTF_8), Expect.ANY_ANSWER);
        graphqlRaw("graphql document", "form body", VIEWER, "application/x-www-form-urlencoded",
                "query=%7B+me+%7B+username+%7D+%7D".getBytes(StandardCharsets.UTF_8), Expect.ANY_ANSWER);
    }

    private void graphqlVariables() throws Exception {
        String page = "query($p: Int!) { datasets(page: $p) { pageInfo { page } } }";
        Object[] badInts = {"3", " 3", 1.5, 4294967297L, -4294967297L, new java.math.BigInteger("1" + "0".repeat(40)),
            true, List.of(1), Map.of("a", 1), "NaN", "Infinity", "0x10", 1e300};
        for (Object value : badInts) {
            graphqlCase("graphql variables", "Int " + abbreviate(String.valueOf(value)), VIEWER,
                    Map.of("query", page, "variables", Map.of("p", value)), Expect.REFUSED);
        }
        graphqlCase("graphql variables", "missing required", VIEWER, Map.of("query", page, "variables", Map.of()),
                Expect.REFUSED);
        Map<String, Object> nullValue = new LinkedHashMap<>();
        nullValue.put("p", null);
        graphqlCase("graphql variables", "null for non-null", VIEWER, Map.of("query", page, "variables", nullValue),
                Expect.REFUSED);
        String start = "mutation($in: StartRunInput!) { startRun(input: $in) { id } }";
        Object[] badInputs = {"x", 5, List.of(), Map.of(), Map.of("dataset", 5, "target", "species"),
            Map.of("dataset", IRIS, "target", List.of("species")), Map.of("dataset", IRIS, "target", "species",
                "training", "fast"), Map.of("dataset", IRIS, "target", "species", "training", Map.of("hiddenLayers", "64")),
            Map.of("dataset", IRIS, "target", "species", "training", Map.of("hiddenLayers", List.of("a"))),
            Map.of("dataset", IRIS, "target", "species", "seed", "42x"), Map.of("dataset", IRIS, "target", "species",
                "unknownField", 1), Map.of("dataset", IRIS, "target", "species", "tuning", Map.of("parameters", "x"))};
        for (Object value : badInputs) {
            graphqlCase("graphql variables", "StartRunInput " + abbreviate(JSON.writeValueAsString(value)), SCIENTIST,
                    Map.of("query", start, "variables", Map.of("in", value)), Expect.REFUSED);
        }
        for (String variables : new String[] {"\"x\"", "[1]", "5", "true", "[]", "\"{}\""}) {
            graphqlRaw("graphql variables", "variables " + variables, VIEWER, "application/json",
                    ("{\"query\": \"{ me { username } }\", \"variables\": " + variables + "}")
                            .getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
    }

    private void runSpecs() throws Exception {
        String[] trainings = {"hiddenLayers: [100000, 100000]", "hiddenLayers: [0]", "hiddenLayers: [-5]",
            "hiddenLayers: [1,1,1,1,1,1,1,1,1]", "hiddenLayers: [null]", "maxEpochs: 1000000000", "maxEpochs: 0",
            "maxEpochs: -1", "batchSize: 2147483647", "batchSize: 0", "patience: 0", "patience: 2000000000",
            "dropout: 1", "dropout: -0.1", "dropout: 1e400", "learningRate: 0", "learningRate: -1", "learningRate: 1e400",
            "weightDecay: -1", "activation: SWISH", "activation: \"\"", "optimizer: LION", "maxEpochs: 4294967297",
            "batchSize: 1.5"};
        for (String training : trainings) {
            runCase("training " + training, "training: {" + training + "}");
        }
        String[] others = {"task: CLUSTERING", "device: TPU", "target: \"nope\"", "target: \"\"", "dataset: \"\"",
            "datasetVersion: 0", "datasetVersion: 99", "datasetVersion: -1", "seed: 9223372036854775808",
            "seed: 1.5", "modelName: \"Bad Name\""};
        for (String other : others) {
            runCase(other, other);
        }
        String lr = "{name: \"learningRate\", type: FLOAT, low: 0.0001, high: 0.1, log: true}";
        String[] tunings = {"sampler: GRID, gridPoints: 1000000000, parameters: [" + lr + "]",
            "parallelism: 10000, parameters: [" + lr + "]", "parallelism: 0, parameters: [" + lr + "]",
            "maxTrials: 0, parameters: [" + lr + "]", "maxTrials: 1000000, parameters: [" + lr + "]",
            "sampler: GRID, gridPoints: 1, parameters: [" + lr + "]", "sampler: BAYES, parameters: [" + lr + "]",
            "pruner: HYPERBAND, parameters: [" + lr + "]", "objective: \"f1\", parameters: [" + lr + "]",
            "direction: UP, parameters: [" + lr + "]", "parameters: []",
            "pruner: ASHA, minResource: 0, parameters: [" + lr + "]",
            "pruner: ASHA, reductionFactor: 1, parameters: [" + lr + "]",
            "pruner: ASHA, minResource: 100000, parameters: [" + lr + "]",
            "parameters: [{name: \"width1\", type: INT, low: 8, high: 1000000000}]",
            "parameters: [{name: \"layers\", type: INT, low: 1, high: 1000000000}]",
            "parameters: [{name: \"width1\", type: INT, low: 8.5, high: 64}]",
            "parameters: [{name: \"width1\", type: INT, low: 64, high: 8}]",
            "parameters: [{name: \"width1\", type: INT, low: 8, high: 64, step: 0}]",
            "parameters: [{name: \"width1\", type: INT, low: 8, high: 64, step: 1000}]",
            "parameters: [{name: \"width1\", type: CATEGORICAL, choices: [\"8\", \"wide\"]}]",
            "parameters: [{name: \"width1\", type: CATEGORICAL, choices: []}]",
            "parameters: [{name: \"learningRate\", type: FLOAT, low: 0, high: 1, log: true}]",
            "parameters: [{name: \"learningRate\", type: FLOAT, low: 1e400, high: 1e401}]",
            "parameters: [{name: \"dropout\", type: FLOAT, low: 0, high: 5}]",
            "parameters: [{name: \"learningRate\", type: INT, low: 1, high: 2}]",
            "parameters: [{name: \"momentum\", type: FLOAT, low: 0, high: 1}]",
            "parameters: [{name: \"activation\", type: CATEGORICAL, choices: [\"RELU\", \"RELU\"]}]",
            "parameters: [{name: \"optimizer\", type: CATEGORICAL, choices: [\"LION\"]}]",
            "parameters: [{name: \"width2\", type: INT, low: 8, high: 64, conditionParameter: \"layers\", "
                + "conditionValues: [\"2\"]}]",
            "parameters: [{name: \"layers\", type: INT, low: 1, high: 2}, {name: \"width2\", type: INT, low: 8, "
                + "high: 64, conditionParameter: \"layers\", conditionValues: [\"9\"]}]",
            "parameters: [" + lr + ", " + lr + "]",
            "parameters: [{name: \"learningRate\", type: FLOAT}]",
            "sampler: GRID, maxTrials: 1000, gridPoints: 100, parameters: [" + lr
                + ", {name: \"dropout\", type: FLOAT, low: 0, high: 0.5}]"};
        for (String tuning : tunings) {
            runCase("tuning " + abbreviate(tuning), "tuning: {" + tuning + "}");
        }
    }

    private void runCase(String label, String fields) throws Exception {
        String input = fields.startsWith("dataset:") || fields.startsWith("target:")
                ? (fields.startsWith("dataset:") ? fields + ", target: \"species\""
                        : "dataset: \"" + IRIS + "\", " + fields)
                : "dataset: \"" + IRIS + "\", target: \"species\", " + fields;
        graphqlCase("run spec", label, SCIENTIST, Map.of("query", "mutation { startRun(input: {" + input + "}) { id } }"),
                Expect.REFUSED);
    }

    private void ids() throws Exception {
        String[] literals = {"\"1.5\"", "\" 1\"", "\"1 \"", "\"01\"", "\"-1\"", "\"+1\"", "\"1e3\"", "\"\"", "\"one\"",
            "\"9223372036854775808\"", "9223372036854775808", "-1", "1.5", "true", "null", "[1]", "{a: 1}",
            "\"0x10\"", "\"1_000\"", "\"\u0661\""};
        for (String id : literals) {
            graphqlCase("id", "run(id: " + id + ")", VIEWER, Map.of("query", "{ run(id: " + id + ") { id } }"),
                    Expect.REFUSED);
        }
        for (String operation : new String[] {"study", "mutation cancelRun", "mutation restartRun"}) {
            boolean mutation = operation.startsWith("mutation");
            String field = mutation ? operation.substring(9) : operation;
            for (String id : new String[] {"\"1.5\"", "\" 7\"", "\"007\"", "99999999"}) {
                graphqlCase("id", field + "(id: " + id + ")", SCIENTIST, Map.of("query",
                        (mutation ? "mutation " : "") + "{ " + field + "(id: " + id + ") { id } }"), Expect.REFUSED);
            }
        }
        for (String version : new String[] {"4294967297", "0", "-1", "1.5"}) {
            graphqlCase("id", "modelVersion(version: " + version + ")", VIEWER, Map.of("query",
                    "{ modelVersion(model: \"" + MODEL + "\", version: " + version + ") { version } }"), Expect.REFUSED);
        }
    }

    private void predictBodies() throws Exception {
        String good = "\"sepal_length\": \"5.1\", \"sepal_width\": \"3.5\", \"petal_length\": \"1.4\"";
        String[] refusedBodies = {"", "null", "[]", "{}", "{\"rows\": null}", "{\"rows\": {}}", "{\"rows\": []}",
            "{\"rows\": \"x\"}", "{\"rows\": [1, 2]}", "{\"rows\": [[\"5.1\"]]}", "{\"rows\": [{\"unknown\": \"1\"}]}",
            "{\"rows\": [{" + good + ", \"extra\": \"1\"}]}", "{\"rows\": [{\"sepal_length\": {\"a\": 1}}]}",
            "{\"rows\": [{\"sepal_length\": [1]}]}", "nope", "{\"rows\": [{\"a\": \"1\"}]", "{\"rows\": " + "[".repeat(5000)
                + "]".repeat(5000) + "}", "{\"rows\": [{\"sepal_length\": " + "9".repeat(20_000) + "}]}",
            "\uFEFF{\"rows\": []}", "{\"rows\": [" + ("{" + good + "},").repeat(1000) + "{" + good + "}]}"};
        for (String body : refusedBodies) {
            restCase("predict", "body " + abbreviate(body), "POST", "/api/models/" + MODEL + "/predict", VIEWER,
                    "application/json", body.getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
        String[] oddValues = {"abc", "NaN", "Infinity", "-Infinity", "1e400", "", " ", "\u0000", "x".repeat(100_000),
            "5,1", "0x10", "1_0", "9".repeat(20_000)};
        for (String value : oddValues) {
            restCase("predict", "sepal_length " + abbreviate(JSON.writeValueAsString(value)), "POST",
                    "/api/models/" + MODEL + "/predict", VIEWER, "application/json",
                    JSON.writeValueAsBytes(Map.of("rows", List.of(Map.of("sepal_length", value)))), Expect.EITHER);
        }
        for (String query : new String[] {"version=abc", "version=4294967297", "version=1.5", "version=0",
            "version=%201", "alias=nope", "version=1&alias=production", "version=99"}) {
            restCase("predict", "?" + query, "POST", "/api/models/" + MODEL + "/predict?" + query, VIEWER,
                    "application/json", ("{\"rows\": [{" + good + "}]}").getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
        for (String type : new String[] {"text/plain", "application/xml", "text/csv", "multipart/form-data"}) {
            restCase("predict", "Content-Type " + type, "POST", "/api/models/" + MODEL + "/predict", VIEWER, type,
                    ("{\"rows\": [{" + good + "}]}").getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
        String[] cells = {"[[{column: \"sepal_length\", value: \"1\"}, {column: \"sepal_length\", value: \"2\"}]]",
            "[[{column: \"nope\", value: \"1\"}]]", "[]", "[[]]", "[[{column: \"sepal_length\"}]]",
            "[[{value: \"1\"}]]", "[[{column: \"sepal_length\", value: 1}]]"};
        for (String rows : cells) {
            graphqlCase("predict", "GraphQL rows " + abbreviate(rows), VIEWER, Map.of("query",
                    "{ predict(model: \"" + MODEL + "\", rows: " + rows + ") { label } }"), Expect.EITHER);
        }
        for (String model : new String[] {"nope", "%2E%2E", "x;y", "a%00b"}) {
            restCase("predict", "model " + model, "POST", "/api/models/" + model + "/predict", VIEWER, "application/json",
                    ("{\"rows\": [{" + good + "}]}").getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        }
    }

    private void restRequests() throws Exception {
        byte[] body = csv("a,b\n1,2\n");
        restCase("rest", "wrong password", "POST", "/api/datasets/rest-1", "wrong", "text/csv", body, Expect.REFUSED);
        restCase("rest", "no credentials", "POST", "/api/datasets/rest-2", null, "text/csv", body, Expect.REFUSED);
        restCase("rest", "a viewer uploads", "POST", "/api/datasets/rest-3", VIEWER, "text/csv", body, Expect.REFUSED);
        restCase("rest", "GET an upload path", "GET", "/api/datasets/rest-4", SCIENTIST, null, null, Expect.REFUSED);
        restCase("rest", "DELETE a data set", "DELETE", "/api/datasets/iris", SCIENTIST, null, null, Expect.REFUSED);
        restCase("rest", "PUT an upload", "PUT", "/api/datasets/rest-5", SCIENTIST, "text/csv", body, Expect.REFUSED);
        restCase("rest", "unknown path", "GET", "/api/nothing", SCIENTIST, null, null, Expect.REFUSED);
        restCase("rest", "deeper path", "POST", "/api/datasets/a/b", SCIENTIST, "text/csv", body, Expect.REFUSED);
        restCase("rest", "no name", "POST", "/api/datasets/", SCIENTIST, "text/csv", body, Expect.REFUSED);
        for (String type : new String[] {"image/png", "application/json", "application/x-www-form-urlencoded",
            "multipart/form-data", "multipart/form-data; boundary=x", "text/csv; charset=no-such-charset", "*/*", ""}) {
            restCase("rest", "upload as '" + type + "'", "POST", "/api/datasets/rest-type", SCIENTIST,
                    type.isEmpty() ? null : type, body, type.startsWith("text/csv") || type.equals("*/*") || type.isEmpty()
                            ? Expect.EITHER : Expect.REFUSED);
        }
        restCase("rest", "multipart without a file part", "POST", "/api/datasets/rest-multipart", SCIENTIST,
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"
                        .getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
        restCase("rest", "GraphQL over GET", "GET", "/graphql?query=%7Bme%7Busername%7D%7D", VIEWER, null, null,
                Expect.REFUSED);
    }

    // ---- sending and checking ------------------------------------------------------------------

    private void uploadCase(String category, String label, byte[] content, Expect expect) throws Exception {
        String name = category.equals("csv") ? "fuzz-csv-" + sentByCategory.getOrDefault(category, 0) + "-" + RUN
                : label;
        restCase(category, label, "POST", "/api/datasets/" + name, SCIENTIST, "text/csv", content, expect);
    }

    private void restCase(String category, String label, String method, String path, String user, String contentType,
            byte[] body, Expect expect) throws Exception {
        URI uri;
        try {
            uri = hone.uri(path);
        } catch (IllegalArgumentException notAUri) {
            return; // not even a request: nothing reaches the server
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("Authorization", basic(user.equals("wrong") ? SCIENTIST : user,
                    user.equals("wrong") ? "not-the-password" : password(user)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        check(category, label, request, expect);
    }

    private void graphqlCase(String category, String label, String user, Map<String, Object> body, Expect expect)
            throws Exception {
        graphqlRaw(category, label, user, "application/json", JSON.writeValueAsBytes(body), expect);
    }

    private void graphqlRaw(String category, String label, String user, String contentType, byte[] body,
            Expect expect) throws Exception {
        check(category, label, HttpRequest.newBuilder(hone.uri("/graphql")).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(user, password(user))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), expect);
    }

    private void check(String category, String label, HttpRequest.Builder request, Expect expect) throws Exception {
        sentByCategory.merge(category, 1, Integer::sum);
        String what = category + ": " + label;
        Counts before = counts();
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body() == null ? "" : r.body();
        if (r.statusCode() >= 500 || body.contains("System error") || body.contains("\"INTERNAL\"")) {
            serverErrors.add(what + " -> " + r.statusCode() + " " + abbreviate(body));
            return;
        }
        String code = errorCode(body);
        boolean refusal = r.statusCode() >= 400 || code != null || body.contains("\"errors\"");
        if (!refusal) {
            accepted++;
            acceptedCases.add(what);
            if (expect == Expect.REFUSED) {
                notRefused.add(what + " -> " + r.statusCode() + " " + abbreviate(body));
            }
            return;
        }
        refused++;
        if (code == null && expect == Expect.ANY_ANSWER) {
            refusedElsewhereWithoutCode++;
        } else if (code == null) {
            missingCodes.add(what + " -> " + r.statusCode() + " " + abbreviate(body));
        }
        Counts after = counts();
        if (!after.equals(before)) {
            partialWrites.add(what + ": " + before + " -> " + after);
        }
    }

    /** What a refused input must not change. */
    private record Counts(int datasets, int versions, long runs, int modelVersions, long artifactFiles, long stagedFiles) {
    }

    private Counts counts() throws Exception {
        JsonNode r = HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "{ datasets(size: 150) { items { "
                + "versions { version } } } runs { pageInfo { total } } models(size: 150) { items { versions { version } } } }",
                Map.of())).path("data");
        int versions = 0;
        for (JsonNode d : r.path("datasets").path("items")) {
            versions += d.path("versions").size();
        }
        int modelVersions = 0;
        for (JsonNode m : r.path("models").path("items")) {
            modelVersions += m.path("versions").size();
        }
        Path artifacts = workDir.resolve("data").resolve("artifacts");
        return new Counts(r.path("datasets").path("items").size(), versions, r.path("runs").path("pageInfo").path("total")
                .asLong(), modelVersions, files(artifacts, false), files(artifacts.resolve("tmp"), true));
    }

    private static long files(Path dir, boolean staged) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> staged || !p.getParent().getFileName().toString().equals("tmp")).count();
        }
    }

    /** The error code of a refusal: REST's {@code code}, or GraphQL's first {@code extensions.code}. */
    private static String errorCode(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null) {
                return null;
            }
            if (json.hasNonNull("code")) {
                return json.get("code").asText();
            }
            JsonNode code = json.path("errors").path(0).path("extensions").path("code");
            return code.isMissingNode() || code.isNull() ? null : code.asText();
        } catch (IOException notJson) {
            return null;
        }
    }

    private HttpResponse<String> upload(String name, byte[] content) throws Exception {
        return hone.upload(SCIENTIST, PASSWORD, name, content);
    }

    private HttpResponse<String> predict(String body, String query) throws Exception {
        return send(HttpRequest.newBuilder(hone.uri("/api/models/" + MODEL + "/predict" + query))
                .header("Authorization", basic(VIEWER, PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] wideCsv(int columns) {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < columns; c++) {
                csv.append(c == 0 ? "" : ",").append((r + c) % 7);
            }
            csv.append('\n');
        }
        return csv(csv.toString());
    }

    private static byte[] wideRows(int bytes) {
        StringBuilder csv = new StringBuilder("a,b\n");
        while (csv.length() < bytes) {
            csv.append("123456789,987654321\n");
        }
        return csv(csv.toString());
    }

    private static String password(String user) {
        return "admin".equals(user) ? HoneProcess.ADMIN_PASSWORD : PASSWORD;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] csv(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 80 ? flat.substring(0, 80) + "... (" + s.length() + " chars)" : flat;
    }
}
