package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The realm operators import ({@code deploy/keycloak/hone-realm.json}) holds no users and no
 * secrets, and the test realm that {@link KeycloakServerIT} runs against is that same realm plus
 * only the test client and test users, so the end-to-end tests test what is shipped.
 */
class ShippedRealmTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("../deploy/keycloak/hone-realm.json");

    @Test
    void shippedRealmHoldsNoUsersAndNoClientSecrets() throws Exception {
        JsonNode realm = JSON.readTree(Files.readString(SHIPPED));

        assertThat(realm.path("realm").asText()).isEqualTo("hone");
        assertThat(realm.has("users")).isFalse();
        realm.path("clients").forEach(c -> assertThat(c.has("secret")).as("secret of %s", c.path("clientId")).isFalse());
    }

    @Test
    void testRealmIsTheShippedRealmPlusTestClientAndUsers() throws Exception {
        JsonNode shipped = JSON.readTree(Files.readString(SHIPPED));
        ObjectNode test;
        try (InputStream in = ShippedRealmTest.class.getResourceAsStream(KeycloakServer.TEST_REALM_RESOURCE)) {
            test = (ObjectNode) JSON.readTree(in);
        }

        assertThat(test.remove("users")).hasSize(7);
        ArrayNode clients = (ArrayNode) test.path("clients");
        int testClients = 0;
        for (int i = clients.size() - 1; i >= 0; i--) {
            if (clients.get(i).path("clientId").asText().startsWith(KeycloakServer.TEST_CLIENT)) {
                clients.remove(i);
                testClients++;
            }
        }
        assertThat(testClients).isEqualTo(3);
        assertThat(test).isEqualTo(shipped);
    }
}
