package dev.hone.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.hone.security.roles.RequiresPermission;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md section 3, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static JavaClasses hone;

    @BeforeAll
    static void importClasses() {
        hone = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hone");
    }

    @Test
    void workflowsTouchNoDatabaseFilesEngineOrConfiguration() {
        noClasses().that().resideInAPackage("dev.hone.workflows..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "ai.djl..", "org.hibernate..", "jakarta.persistence..", "java.sql..", "javax.sql..",
                        "io.quarkus..", "io.smallrye.config..", "org.eclipse.microprofile.config..", "java.nio.file..",
                        "dev.hone.ml..", "dev.hone.registry..", "dev.hone.activities..", "dev.hone.serving..",
                        "dev.hone.security..", "dev.hone.api..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile)")
                .because("workflows must stay deterministic and pass ids and artifact references, never blobs")
                .check(hone);
    }

    @Test
    void mlIsPlainJavaAndDjl() {
        noClasses().that().resideInAPackage("dev.hone.ml..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.temporal..",
                        "jakarta.persistence..", "org.hibernate..", "dev.hone.registry..", "dev.hone.workflows..",
                        "dev.hone.activities..", "dev.hone.serving..", "dev.hone.security..", "dev.hone.api..")
                .check(hone);
    }

    @Test
    void registryUsesNeitherTemporalNorDjl() {
        noClasses().that().resideInAPackage("dev.hone.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "io.temporal..", "dev.hone.ml..",
                        "dev.hone.workflows..", "dev.hone.activities..", "dev.hone.serving..", "dev.hone.security..",
                        "dev.hone.api..")
                .check(hone);
    }

    @Test
    void activitiesServingAndSecurityDoNotReachUp() {
        noClasses().that().resideInAPackage("dev.hone.activities..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hone.api..", "dev.hone.serving..")
                .check(hone);
        noClasses().that().resideInAPackage("dev.hone.serving..")
                .should().dependOnClassesThat().resideInAnyPackage("io.temporal..", "dev.hone.workflows..",
                        "dev.hone.activities..", "dev.hone.api..")
                .check(hone);
        noClasses().that().resideInAPackage("dev.hone.security..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hone.ml..", "dev.hone.registry..",
                        "dev.hone.workflows..", "dev.hone.activities..", "dev.hone.serving..", "dev.hone.api..")
                .check(hone);
    }

    @Test
    void runCreationUsesMlRegistryAndWorkflowsAndOnlyActivitiesAndApiUseIt() {
        noClasses().that().resideInAPackage("dev.hone.runs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hone.activities..", "dev.hone.serving..",
                        "dev.hone.security..", "dev.hone.api..")
                .check(hone);
        noClasses().that().resideInAnyPackage("dev.hone.ml..", "dev.hone.registry..", "dev.hone.workflows..",
                        "dev.hone.serving..", "dev.hone.security..")
                .should().dependOnClassesThat().resideInAPackage("dev.hone.runs..")
                .because("run creation is a service of the API and of activities (schedules, retraining)")
                .check(hone);
    }

    @Test
    void everyGraphQLOperationDeclaresItsPermissionAndDescription() {
        methods().that().areAnnotatedWith(Query.class).or().areAnnotatedWith(Mutation.class)
                .or().areAnnotatedWith(io.smallrye.graphql.api.Subscription.class)
                .should().beAnnotatedWith(RequiresPermission.class)
                .andShould().beAnnotatedWith(Description.class)
                .check(hone);
    }

    @Test
    void everyRestEndpointDeclaresItsPermissionOrThatItIsOpen() {
        methods().that().areAnnotatedWith(jakarta.ws.rs.GET.class)
                .or().areAnnotatedWith(jakarta.ws.rs.POST.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PUT.class)
                .or().areAnnotatedWith(jakarta.ws.rs.DELETE.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PATCH.class)
                .should().beAnnotatedWith(RequiresPermission.class)
                .orShould().beAnnotatedWith(jakarta.annotation.security.PermitAll.class)
                .check(hone);
    }
}
