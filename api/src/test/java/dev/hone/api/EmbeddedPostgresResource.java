package dev.hone.api;

import dev.hone.registry.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every {@code @QuarkusTest} of the API runs on the database Hone runs on (see {@link TestDatabase}):
 * the annotation on this class applies to all of them.
 */
@QuarkusTestResource(TestDatabase.class)
public class EmbeddedPostgresResource {
}
