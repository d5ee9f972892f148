package dev.hone.tests;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.tests.archfixtures.UndisciplinedWorkflow;
import java.lang.reflect.Method;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md section 3, checked on the compiled classes of every module. A
 * rule whose {@code that()} matches no class fails (archunit.properties), so a renamed package
 * cannot turn a rule into one that checks nothing.
 */
class ArchitectureTest {

    /**
     * Workflow code: the whole workflows module. Besides the workflow implementations it holds only
     * what they run inside a workflow (payload records, task-queue names); none of it
     * has a reason to read a clock or make randomness, and a helper a workflow calls would break
     * replay as surely as the workflow itself.
     */
    static final String WORKFLOW_CODE = "dev.hone.workflows..";

    private static JavaClasses hone;

    @BeforeAll
    static void importClasses() {
        // Test classes come as folders (test-classes) or, once packaged, as test jars (api's).
        hone = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.hone");
    }

    @Test
    void everyModuleIsImported() {
        for (String module : List.of("errors", "vocabulary", "ml", "registry", "workflows", "activities", "serving",
                "security", "api")) {
            String root = "dev.hone." + module;
            assertThat(hone.stream().anyMatch(c -> c.getPackageName().equals(root)
                    || c.getPackageName().startsWith(root + ".")))
                    .as("classes of dev.hone.%s are checked", module).isTrue();
        }
        assertThat(hone.that(JavaClass.Predicates.resideInAPackage(WORKFLOW_CODE)))
                .extracting(JavaClass::getSimpleName)
                .contains("ModelOptimizationWorkflowImpl", "TuningWorkflowImpl");
    }

    /**
     * Replay runs workflow code again and must take the same path: time, randomness, ids and
     * concurrency come from {@code Workflow.*} ({@code currentTimeMillis}, {@code newRandom},
     * {@code randomUUID}, {@code sleep}, {@code Async}). {@code Workflow.newRandom()} returns a
     * {@link Random} seeded by the workflow, so the rule bans making a Random, not using one.
     */
    static ArchRule workflowCodeIsDeterministic(String packages) {
        return noClasses().that().resideInAPackage(packages)
                .should().callConstructorWhere(call("makes a java.util.Random (use Workflow.newRandom)",
                        c -> c.getTargetOwner().isAssignableTo(Random.class)))
                .orShould().callMethod(ThreadLocalRandom.class, "current")
                .orShould().callMethodWhere(call("takes a SecureRandom",
                        c -> c.getTargetOwner().isAssignableTo(Random.class) && c.getName().startsWith("getInstance")))
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(StrictMath.class, "random")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethodWhere(call("reads the clock through java.time's now()",
                        c -> c.getName().equals("now") && c.getTargetOwner().getPackageName().equals("java.time")))
                .orShould().callConstructor(Date.class)
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().dependOnClassesThat(assignableTo(Thread.class).or(assignableTo(InstantSource.class))
                        .or(assignableTo(Executor.class)).or(assignableTo(CompletableFuture.class)))
                .because("replay must take the same path: use Workflow.currentTimeMillis, newRandom, randomUUID, "
                        + "sleep and Async instead");
    }

    @Test
    void workflowCodeTakesTimeRandomnessIdsAndThreadsFromTheWorkflowOnly() {
        workflowCodeIsDeterministic(WORKFLOW_CODE).check(hone);
    }

    @Test
    void theDeterminismRuleCatchesEveryBannedCall() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.hone.tests.archfixtures");
        EvaluationResult result = workflowCodeIsDeterministic("dev.hone.tests.archfixtures..").evaluate(fixture);

        String report = String.join("\n", result.getFailureReport().getDetails());
        List<String> breaches = Arrays.stream(UndisciplinedWorkflow.class.getDeclaredMethods())
                .filter(m -> !m.isSynthetic()).map(Method::getName).toList();
        assertThat(breaches).hasSizeGreaterThan(10);
        for (String breach : breaches) {
            assertThat(report).as("the rule catches %s", breach)
                    .contains(UndisciplinedWorkflow.class.getName() + "." + breach + "(");
        }
    }

    @Test
    void aRuleThatMatchesNoClassFails() {
        JavaClasses noWorkflows = new ClassFileImporter().importClasses(ArchitectureTest.class);

        assertThatThrownBy(() -> workflowCodeIsDeterministic(WORKFLOW_CODE).check(noWorkflows))
                .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
    }

    /** Stages declare their own workers (StageWorkers); the application's wiring names none of them. */
    @Test
    void theWorkerWiringNamesNoStage() {
        noClasses().that().resideInAPackage("dev.hone.api..")
                .should().dependOnClassesThat(simpleNameEndingWith("WorkflowImpl"))
                .check(hone);
        noClasses().that().resideInAPackage("dev.hone.api.runtime..")
                .should().dependOnClassesThat(simpleNameEndingWith("ActivitiesImpl"))
                .check(hone);
    }

    private static DescribedPredicate<JavaCall<?>> call(String description, Predicate<JavaCall<?>> condition) {
        return new DescribedPredicate<>(description) {
            @Override
            public boolean test(JavaCall<?> call) {
                return condition.test(call);
            }
        };
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

    /**
     * Every module, workflows included, uses the error codes, so they use nothing: no library and no
     * other Hone module (the rules above ban the modules by name and so allow exactly this one).
     */
    @Test
    void theErrorCodesDependOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.hone.errors..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.hone.errors..")
                .check(hone);
    }

    /**
     * ml and workflows use the shared names, so they use no other Hone module and no library but the
     * annotations that describe them to GraphQL and let Jackson read stored names.
     */
    @Test
    void theSharedNamesDependOnNothingButTheirAnnotations() {
        noClasses().that().resideInAPackage("dev.hone.vocabulary..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.hone.vocabulary..",
                        "org.eclipse.microprofile.graphql..", "com.fasterxml.jackson.annotation..")
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
                .should().dependOnClassesThat().resideInAnyPackage("dev.hone.ml..", "dev.hone.workflows..",
                        "dev.hone.activities..", "dev.hone.serving..", "dev.hone.api..")
                .check(hone);
        noClasses().that().resideInAPackage("dev.hone.security..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("dev.hone.registry..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                                        "dev.hone.registry.db.."))))
                .because("security uses only the registry's change feed (to forget users when they change)")
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
