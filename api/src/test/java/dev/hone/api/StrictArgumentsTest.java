package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integer and id arguments are taken exactly or refused with INVALID_INPUT, never wrapped, rounded
 * or trimmed into another record's number (the issue: {@code setTag(version: 4294967297)} tagged
 * version 1, {@code run(id: "1.5")} and {@code run(id: " 1")} returned run 1, a seed of 2^63 was
 * stored negative). Each refusal comes before the operation looks anything up: a well-formed
 * number for a record that does not exist answers NOT_FOUND instead.
 */
@QuarkusTest
class StrictArgumentsTest {

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void intArgumentsBeyond32BitsAreRefusedNotWrapped() {
        String setTag = "mutation { setTag(model: \"no-such-model\", version: %s, key: \"k\", value: \"v\") { key } }";

        JsonPath literal = graphql(SCIENTIST, setTag.formatted("4294967297"), Map.of());
        JsonPath variable = graphql(SCIENTIST, "mutation($v: Int!) { setTag(model: \"no-such-model\", version: $v, "
                + "key: \"k\", value: \"v\") { key } }", Map.of("v", 4294967297L));
        JsonPath inRange = graphql(SCIENTIST, setTag.formatted("1"), Map.of());

        assertThat(errorCode(literal)).as(literal.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(literal)).contains("'version'", "4294967297", "2147483647");
        assertThat(errorCode(variable)).as(variable.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorCode(inRange)).isEqualTo("NOT_FOUND");
    }

    @Test
    void intVariablesMustBeWholeJsonNumbers() {
        String query = "query($p: Int!) { datasets(page: $p) { pageInfo { page } } }";

        JsonPath fractional = graphql(VIEWER, query, Map.of("p", 1.5));
        JsonPath string = graphql(VIEWER, query, Map.of("p", "3"));
        JsonPath whole = graphql(VIEWER, query, Map.of("p", 2.0));

        assertThat(errorCode(fractional)).as(fractional.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(fractional)).contains("'page'", "1.5");
        assertThat(errorCode(string)).as(string.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorCode(whole)).as(whole.prettify()).isNull();
        assertThat(whole.getInt("data.datasets.pageInfo.page")).isEqualTo(2);
    }

    @ParameterizedTest(name = "run(id: {0})")
    @ValueSource(strings = {"\"1.5\"", "\" 1\"", "\"1 \"", "\"01\"", "\"-1\"", "\"+1\"", "\"1e3\"", "\"\"", "\"one\"",
            "\"9223372036854775808\"", "9223372036854775808", "-1"})
    void idsMustBeCanonicalDecimals(String id) {
        JsonPath r = graphql(VIEWER, "{ run(id: " + id + ") { id } }", Map.of());

        assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(r.getString("errors[0].message")).contains("'id'");
    }

    @Test
    void wellFormedIdsReachTheLookup() {
        JsonPath asString = graphql(VIEWER, "{ run(id: \"9223372036854775807\") { id } }", Map.of());
        JsonPath asNumber = graphql(VIEWER, "query($id: ID!) { run(id: $id) { id } }", Map.of("id", 987654321));
        JsonPath paddedVariable = graphql(VIEWER, "query($id: ID!) { run(id: $id) { id } }", Map.of("id", "007"));

        assertThat(errorCode(asString)).isEqualTo("NOT_FOUND");
        assertThat(errorMessage(asString)).contains("9223372036854775807");
        assertThat(errorCode(asNumber)).isEqualTo("NOT_FOUND");
        assertThat(errorCode(paddedVariable)).isEqualTo("INVALID_INPUT");
    }

    @Test
    void seedsBeyondSigned64BitsAreRefused() {
        String start = "mutation($in: StartRunInput!) { startRun(input: $in) { id } }";
        BigInteger twoTo63 = BigInteger.TWO.pow(63);

        JsonPath literal = graphql(SCIENTIST, "mutation { startRun(input: {dataset: \"no-such-data\", target: \"y\", "
                + "seed: " + twoTo63 + "}) { id } }", Map.of());
        JsonPath variable = graphql(SCIENTIST, start, Map.of("in", Map.of("dataset", "no-such-data", "target", "y",
                "seed", twoTo63)));
        JsonPath fractional = graphql(SCIENTIST, start, Map.of("in", Map.of("dataset", "no-such-data", "target", "y",
                "seed", 4.5)));
        JsonPath lowest = graphql(SCIENTIST, start, Map.of("in", Map.of("dataset", "no-such-data", "target", "y",
                "seed", Long.MIN_VALUE)));

        assertThat(errorCode(literal)).as(literal.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(literal)).contains("'input.seed'", "9223372036854775808");
        assertThat(errorCode(variable)).as(variable.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorCode(fractional)).as(fractional.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorCode(lowest)).as(lowest.prettify()).isEqualTo("NOT_FOUND");
    }

    @Test
    void integersNestedInInputObjectsAndListsAreChecked() {
        JsonPath epochs = graphql(SCIENTIST, "mutation { startRun(input: {dataset: \"no-such-data\", target: \"y\", "
                + "training: {maxEpochs: 4294967297}}) { id } }", Map.of());
        JsonPath layers = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", "no-such-data", "target", "y",
                        "training", Map.of("hiddenLayers", List.of(64, 4294967360L)))));

        assertThat(errorCode(epochs)).as(epochs.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(epochs)).contains("'input.training.maxEpochs'");
        assertThat(errorCode(layers)).as(layers.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(layers)).contains("'input.training.hiddenLayers[1]'", "4294967360");
    }

    @Test
    void enumeratedNamesAreTheSchemasEnumsAndNothingElseIsTaken() {
        String start = "mutation { startRun(input: {dataset: \"no-such-data\", target: \"t\", device: %s}) { id } }";
        String withVariable = "mutation($d: Device) { startRun(input: {dataset: \"no-such-data\", target: \"t\", "
                + "device: $d}) { id } }";

        JsonPath quoted = graphql(SCIENTIST, start.formatted("\"GPU\""), Map.of());
        JsonPath unknown = graphql(SCIENTIST, start.formatted("TPU"), Map.of());
        JsonPath otherCase = graphql(SCIENTIST, withVariable, Map.of("d", "gpu"));
        JsonPath bare = graphql(SCIENTIST, start.formatted("GPU"), Map.of());
        JsonPath exactVariable = graphql(SCIENTIST, withVariable, Map.of("d", "GPU"));

        for (JsonPath refused : List.of(quoted, unknown, otherCase)) {
            assertThat(errorCode(refused)).as(refused.prettify()).isEqualTo("INVALID_INPUT");
            assertThat(errorMessage(refused)).as(refused.prettify()).contains("Device");
        }
        assertThat(errorMessage(unknown)).contains("TPU");
        assertThat(errorMessage(otherCase)).contains("gpu");
        // Taken: the request goes on to the data set, which does not exist.
        assertThat(errorCode(bare)).as(bare.prettify()).isEqualTo("NOT_FOUND");
        assertThat(errorCode(exactVariable)).as(exactVariable.prettify()).isEqualTo("NOT_FOUND");
    }

    @Test
    void documentErrorsCarryTheInvalidInputCode() {
        JsonPath unknownField = graphql(VIEWER, "{ me { usernam } }", Map.of());
        JsonPath fractionalLiteral = graphql(VIEWER, "{ datasets(page: 1.5) { pageInfo { page } } }", Map.of());
        String deep = "{ __schema { types { fields { type { " + "ofType { ".repeat(14) + "name"
                + " }".repeat(14) + " } } } } }";
        JsonPath tooDeep = graphql(VIEWER, deep, Map.of());

        assertThat(errorCode(unknownField)).as(unknownField.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(unknownField)).contains("usernam");
        assertThat(errorCode(fractionalLiteral)).as(fractionalLiteral.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorCode(tooDeep)).as(tooDeep.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(tooDeep)).containsIgnoringCase("depth");
    }
}
