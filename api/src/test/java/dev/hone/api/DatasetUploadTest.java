package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data set upload: profiles, versions, de-duplication, and every kind of bad file refused cleanly. */
@QuarkusTest
class DatasetUploadTest {

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void uploadProfilesColumnsAndVersionsTheDataSet() {
        String csv = "age,city,member,score\n34,Oslo,true,1.5\n,Bergen,false,2.5\n51,Oslo,true,\n";
        String name = Api.unique("people");
        Response first = Api.upload(SCIENTIST, name, bytes(csv));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(first.jsonPath().getLong("profile.rowCount")).isEqualTo(3);
        assertThat(first.jsonPath().getString("profile.columns.find { it.name == 'age' }.type")).isEqualTo("NUMERIC");
        assertThat(first.jsonPath().getLong("profile.columns.find { it.name == 'age' }.missing")).isEqualTo(1);
        assertThat(first.jsonPath().getDouble("profile.columns.find { it.name == 'age' }.mean")).isEqualTo(42.5);
        assertThat(first.jsonPath().getString("profile.columns.find { it.name == 'city' }.type")).isEqualTo("CATEGORICAL");
        assertThat(first.jsonPath().getString("profile.columns.find { it.name == 'member' }.type")).isEqualTo("BOOLEAN");

        // Identical content is stored once and does not make a new version.
        Response again = Api.upload(SCIENTIST, name, bytes(csv));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getBoolean("created")).isFalse();
        assertThat(again.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(again.jsonPath().getString("sha256")).isEqualTo(first.jsonPath().getString("sha256"));

        Response changed = Api.upload(SCIENTIST, name, bytes(csv + "29,Oslo,false,3.0\n"));
        assertThat(changed.jsonPath().getInt("version")).isEqualTo(2);

        var meta = graphql(VIEWER, "query($n: String!) { dataset(name: $n) { name versions { version rowCount sha256 } "
                + "latestVersion { version profile { columns { name type missing distinct } } } } }", Map.of("n", name));
        assertThat(errorCode(meta)).isNull();
        assertThat(meta.getList("data.dataset.versions.version")).containsExactly(2, 1);
        assertThat(meta.getInt("data.dataset.latestVersion.version")).isEqualTo(2);
    }

    @Test
    void multipartUploadIsAccepted() {
        Response r = Api.as(SCIENTIST).multiPart("file", "iris.csv", Api.iris(), "text/csv")
                .post("/api/datasets/" + Api.unique("iris-multipart"));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getLong("profile.rowCount")).isEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file            | ''                                   | empty
            header only           | 'a,b,c\\n'                           | no data rows
            ragged row            | 'a,b,c\\n1,2,3\\n4,5\\n'             | Row 3 has 2 fields
            bad quoting           | 'a,b\\n"1,2\\n'                      | quot
            duplicate column name | 'a,b,a\\n1,2,3\\n'                   | Duplicate column name 'a'
            """)
    void badFilesAreRefusedAndNothingIsRegistered(String label, String content, String expected) {
        String name = Api.unique("bad-" + label.replace(' ', '-'));
        Response r = Api.upload(SCIENTIST, name, bytes(content.replace("\\n", "\n")));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(r.jsonPath().getString("message")).containsIgnoringCase(expected);
        assertNotRegistered(name);
    }

    @Test
    void nonUtf8FileIsRefused() {
        byte[] latin1 = "name,city\nJos\u00e9,M\u00e1laga\n".getBytes(StandardCharsets.ISO_8859_1);
        String name = Api.unique("latin1");
        Response r = Api.upload(SCIENTIST, name, latin1);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("message")).contains("UTF-8");
        assertNotRegistered(name);
    }

    @Test
    void uploadOverTheSizeLimitIsRefusedWhileStreaming() {
        // The test profile sets a 2 MB limit.
        StringBuilder sb = new StringBuilder("a,b\n");
        while (sb.length() < 2_100_000) {
            sb.append("123456789,987654321\n");
        }
        String name = Api.unique("too-big");
        Response r = Api.upload(SCIENTIST, name, bytes(sb.toString()));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.jsonPath().getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(r.jsonPath().getString("message")).contains("2000000 bytes", "hone.limits.upload-bytes");
        assertNotRegistered(name);
    }

    @Test
    void tenThousandColumnsAreStoredAndProfiled() {
        int columns = 10_000;
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < columns; c++) {
                csv.append(c == 0 ? "" : ",").append((r * 7 + c) % 13);
            }
            csv.append('\n');
        }
        String name = Api.unique("wide");

        Response r = Api.upload(SCIENTIST, name, bytes(csv.toString()));

        assertThat(r.statusCode()).as(r.asString().substring(0, Math.min(300, r.asString().length()))).isEqualTo(201);
        assertThat(r.jsonPath().getList("profile.columns")).hasSize(columns);
        var meta = graphql(VIEWER, "query($n: String!) { dataset(name: $n) { latestVersion { columnCount "
                + "profile { columns { name } } } } }", Map.of("n", name));
        assertThat(errorCode(meta)).isNull();
        assertThat(meta.getInt("data.dataset.latestVersion.columnCount")).isEqualTo(columns);
        assertThat(meta.getString("data.dataset.latestVersion.profile.columns[9999].name")).isEqualTo("c9999");
    }

    @Test
    void aMegabyteTextValueIsStoredWholeAndShownCut() {
        String megabyte = "w".repeat(1_048_576);
        String name = Api.unique("long-text");

        Response r = Api.upload(SCIENTIST, name, bytes("id,note\n1," + megabyte + "\n2,short\n3,short\n"));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.jsonPath().getLong("sizeBytes")).isGreaterThan(1_048_576);
        assertThat(r.jsonPath().getString("profile.columns.find { it.name == 'note' }.topValues[1].value"))
                .hasSize(1001).endsWith("\u2026");
    }

    @ParameterizedTest
    @CsvSource({"-starts-with-dash", ".hidden", "has%20space", "semi;colon"})
    void invalidNamesAreRefused(String name) {
        Response r = Api.upload(SCIENTIST, name, bytes("a,b\n1,2\n"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("message")).contains("Invalid data set name");
    }

    @Test
    void unknownDataSetIsNotFound() {
        var r = graphql(VIEWER, "{ dataset(name: \"no-such-data\") { name } }", Map.of());
        assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        assertThat(Api.errorMessage(r)).contains("no-such-data");
    }

    private static void assertNotRegistered(String name) {
        var r = graphql(VIEWER, "query($n: String!) { dataset(name: $n) { name } }", Map.of("n", name));
        assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
