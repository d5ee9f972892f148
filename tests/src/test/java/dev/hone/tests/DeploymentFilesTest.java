package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.hone.workflows.common.TaskQueues;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files are checked in the build: the Helm chart ({@code deploy/helm/hone}) is
 * linted and rendered in-process (helm-java, Helm's own library) with its defaults and with each
 * example values file, and every rendered object is read strictly into the Kubernetes model
 * classes (fabric8; a field Kubernetes does not know fails) or, for KEDA's objects, into the
 * fields KEDA's schema has. The compose trial ({@code deploy/compose.yaml}) is parsed and checked
 * for its services, health checks and start order. Both may carry credentials only by reference,
 * and every Hone setting they use is one deploy/README.md documents.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("../deploy").toAbsolutePath().normalize();
    private static final Path CHART = DEPLOY.resolve("helm/hone");
    private static final Path EXAMPLES = DEPLOY.resolve("helm/examples");
    private static final Path COMPOSE = DEPLOY.resolve("compose.yaml");
    private static final Path COMPOSE_ENV = DEPLOY.resolve("compose.env.example");

    /** Value sets rendered: the defaults and each example (the file name, or "" for none). */
    private static final List<String> VALUE_SETS = List.of("", "gpu-autoscaled.yaml", "temporal-mtls.yaml",
            "temporal-cloud.yaml", "public.yaml");

    /** Settings the Temporal connection's TLS and API key add (documented with those settings). */
    private static final Set<String> TEMPORAL_SECURITY_SETTINGS = Set.of("HONE_RUNTIME_TEMPORAL_TLS_ENABLED",
            "HONE_RUNTIME_TEMPORAL_TLS_CLIENT_CERT", "HONE_RUNTIME_TEMPORAL_TLS_CLIENT_KEY",
            "HONE_RUNTIME_TEMPORAL_TLS_SERVER_CA", "HONE_RUNTIME_TEMPORAL_TLS_SERVER_NAME",
            "HONE_RUNTIME_TEMPORAL_API_KEY");

    /** Names of settings that hold a credential. */
    private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|PWD|SECRET|API_KEY|CREDENTIAL|ACCESS_KEY).*");

    /** Strict: no string read as a number or the reverse, no unknown field in KEDA's objects. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "networking.k8s.io/v1 Ingress", Ingress.class);

    private static final Helm HELM = new Helm(CHART);

    // --- The chart ---------------------------------------------------------------------------

    @Test
    void chartPassesHelmLintInStrictMode() {
        LintResult lint = HELM.lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void everyRenderedObjectIsValidAgainstTheKubernetesSchemas() throws Exception {
        for (String values : VALUE_SETS) {
            Rendered r = render(values);
            assertThat(r.unchecked).as("objects of no known schema, values %s", values).isEmpty();
            assertThat(r.deployments()).as(values).isNotEmpty();
            for (HasMetadata o : r.objects) {
                assertThat(o.getMetadata().getName()).as("%s name", o.getKind()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
            }
        }
    }

    @Test
    void serverServesPort8080WithHealthProbesAndPrometheusAnnotations() throws Exception {
        Rendered r = render("");
        Deployment server = r.deployment("hone-server");
        Container c = container(server);

        assertThat(env(c, "HONE_RUNTIME_MODE")).isEqualTo("server");
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(httpPath(c.getLivenessProbe())).isEqualTo("/q/health/live");
        assertThat(httpPath(c.getReadinessProbe())).isEqualTo("/q/health/ready");
        assertThat(server.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", "8080");
        Service service = r.one(Service.class);
        assertThat(service.getSpec().getSelector())
                .isEqualTo(server.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithBoundedHeapAndRequests() throws Exception {
        for (String values : VALUE_SETS) {
            for (Deployment d : render(values).deployments()) {
                var pod = d.getSpec().getTemplate().getSpec();
                Container c = container(d);
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(d.getMetadata().getName()).isTrue();
                assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/var/lib/hone", "/tmp");
                assertThat(env(c, "JAVA_OPTS")).contains("-Xmx");
                assertThat(env(c, "HONE_RUNTIME_MODE")).isIn("server", "worker");
                assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
            }
        }
    }

    @Test
    void defaultInstallRunsOneFixedSizeCpuPoolAndNoAutoscaler() throws Exception {
        Rendered r = render("");

        List<Deployment> workers = r.workers();
        assertThat(workers).extracting(d -> d.getMetadata().getName()).containsExactly("hone-worker-cpu");
        Container c = container(workers.get(0));
        assertThat(env(c, "HONE_RUNTIME_MODE")).isEqualTo("worker");
        assertThat(env(c, "HONE_RUNTIME_WORKER_QUEUES")).isEqualTo(TaskQueues.CPU);
        assertThat(env(c, "HONE_RUNTIME_TEMPORAL_COMPUTE_CONCURRENCY")).isEqualTo("1");
        assertThat(workers.get(0).getSpec().getReplicas()).isEqualTo(2);
        assertThat(r.keda).isEmpty();
    }

    @Test
    void gpuPoolRunsOnGpuNodesAndAsksForOneGpu() throws Exception {
        Deployment gpu = render("gpu-autoscaled.yaml").deployment("hone-worker-gpu");
        var pod = gpu.getSpec().getTemplate().getSpec();
        Container c = container(gpu);

        assertThat(env(c, "HONE_RUNTIME_WORKER_QUEUES")).isEqualTo(TaskQueues.GPU);
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(c.getImage()).startsWith("registry.example.org/hone-cuda:");
        assertThat(env(c, "PYTORCH_LIBRARY_PATH")).as("DJL is pointed at the image's CUDA libtorch").isNotBlank();
    }

    @Test
    void everyAutoscaledPoolHasAScaledObjectOnItsOwnQueueAndDeployment() throws Exception {
        Rendered r = render("gpu-autoscaled.yaml");

        List<ScaledObject> scaled = r.scaledObjects();
        assertThat(scaled).hasSize(2);
        for (ScaledObject so : scaled) {
            Deployment target = r.deployment(so.spec.scaleTargetRef.name);
            assertThat(so.spec.scaleTargetRef.kind).isEqualTo("Deployment");
            assertThat(target.getSpec().getReplicas()).as("replicas are KEDA's to set").isNull();
            Trigger trigger = so.spec.triggers.get(0);
            assertThat(so.spec.triggers).hasSize(1);
            assertThat(trigger.type).isEqualTo("temporal");
            assertThat(trigger.metadata)
                    .containsEntry("taskQueue", env(container(target), "HONE_RUNTIME_WORKER_QUEUES"))
                    .containsEntry("endpoint", env(container(target), "HONE_RUNTIME_TEMPORAL_TARGET"))
                    .containsEntry("namespace", env(container(target), "HONE_RUNTIME_TEMPORAL_NAMESPACE"))
                    .containsEntry("queueTypes", "activity")
                    .containsKeys("targetQueueSize", "activationTargetQueueSize");
            assertThat(so.spec.minReplicaCount).isLessThanOrEqualTo(so.spec.maxReplicaCount);
        }
        assertThat(scaled).filteredOn(so -> so.metadata.name.equals("hone-worker-gpu"))
                .singleElement().satisfies(so -> assertThat(so.spec.minReplicaCount).isZero());
    }

    @Test
    void workersPollOnlyTheComputeQueuesHonePolls() throws Exception {
        for (String values : VALUE_SETS) {
            for (Deployment d : render(values).workers()) {
                assertThat(env(container(d), "HONE_RUNTIME_WORKER_QUEUES")).as(d.getMetadata().getName())
                        .isIn(TaskQueues.COMPUTE);
            }
        }
        Path typo = Files.createTempFile("hone-values", ".yaml");
        try {
            Files.writeString(typo, """
                    workers:
                      - name: cpu
                        enabled: true
                        queue: mlops-cpu-typo
                        replicas: 1
                        autoscaling: {enabled: false}
                    """);
            assertThatThrownBy(() -> HELM.template().withName("hone").withValuesFile(typo).call())
                    .hasMessageContaining("not a compute queue Hone polls");
        } finally {
            Files.delete(typo);
        }
    }

    @Test
    void everyCredentialComesFromASecretAndTheChartCreatesNoSecret() throws Exception {
        for (String values : VALUE_SETS) {
            Rendered r = render(values);
            assertThat(r.kinds).as(values).doesNotContain("Secret");
            for (Deployment d : r.deployments()) {
                for (EnvVar e : container(d).getEnv()) {
                    if (CREDENTIAL.matcher(e.getName()).matches()) {
                        assertThat(e.getValue()).as("%s of %s", e.getName(), d.getMetadata().getName()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).as(e.getName()).isEqualTo("hone-secrets");
                    }
                }
                assertThat(envNames(container(d))).contains("HONE_DB_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
            }
        }
        assertThat(envNames(container(render("temporal-cloud.yaml").deployment("hone-server"))))
                .contains("HONE_RUNTIME_TEMPORAL_API_KEY");
        assertThat(envNames(container(render("").deployment("hone-server"))))
                .doesNotContain("HONE_RUNTIME_TEMPORAL_API_KEY");
    }

    @Test
    void temporalTlsFilesAreMountedFromTheirSecretAtThePathsTheEnvironmentNames() throws Exception {
        Rendered r = render("temporal-mtls.yaml");
        for (Deployment d : r.deployments()) {
            Container c = container(d);
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("temporal-tls")).findFirst().orElseThrow();
            Volume volume = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals("temporal-tls")).findFirst().orElseThrow();
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(volume.getSecret().getSecretName()).isEqualTo("hone-temporal-tls");
            assertThat(env(c, "HONE_RUNTIME_TEMPORAL_TLS_ENABLED")).isEqualTo("true");
            assertThat(env(c, "HONE_RUNTIME_TEMPORAL_TLS_SERVER_NAME")).isEqualTo("temporal-frontend.temporal.svc");
            for (var file : Map.of("HONE_RUNTIME_TEMPORAL_TLS_CLIENT_CERT", "tls.crt", "HONE_RUNTIME_TEMPORAL_TLS_CLIENT_KEY",
                    "tls.key", "HONE_RUNTIME_TEMPORAL_TLS_SERVER_CA", "ca.crt").entrySet()) {
                assertThat(env(c, file.getKey())).isEqualTo(mount.getMountPath() + "/" + file.getValue());
                assertThat(volume.getSecret().getItems()).anySatisfy(i -> {
                    assertThat(i.getKey()).isEqualTo(file.getValue());
                    assertThat(i.getPath()).isEqualTo(file.getValue());
                });
            }
        }
        // KEDA dials Temporal too: with the same certificate, through a TriggerAuthentication.
        ScaledObject so = r.scaledObjects().get(0);
        assertThat(so.spec.triggers.get(0).authenticationRef.name).isEqualTo(r.triggerAuthentications().get(0).metadata.name);
        assertThat(r.triggerAuthentications().get(0).spec.secretTargetRef)
                .extracting(ref -> ref.parameter + "=" + ref.name + "/" + ref.key)
                .containsExactlyInAnyOrder("cert=hone-temporal-tls/tls.crt", "key=hone-temporal-tls/tls.key",
                        "ca=hone-temporal-tls/ca.crt");
        assertThat(envNames(container(render("").deployment("hone-server")))).doesNotContain("HONE_RUNTIME_TEMPORAL_TLS_ENABLED");
    }

    @Test
    void realmConfigMapHoldsTheShippedRealmAndTheChartsCopyIsTheShippedFile() throws Exception {
        byte[] shipped = Files.readAllBytes(DEPLOY.resolve("keycloak/hone-realm.json"));
        assertThat(Files.readAllBytes(CHART.resolve("files/hone-realm.json")))
                .as("deploy/helm/hone/files/hone-realm.json is a copy of deploy/keycloak/hone-realm.json").isEqualTo(shipped);

        Rendered r = render("public.yaml");
        ConfigMap realm = r.one(ConfigMap.class);
        assertThat(STRICT.readTree(realm.getData().get("hone-realm.json"))).isEqualTo(STRICT.readTree(shipped));
        assertThat(render("").kinds).doesNotContain("ConfigMap");
        Ingress ingress = r.one(Ingress.class);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("hone-server");
    }

    // --- The compose trial ------------------------------------------------------------------

    @Test
    void composeTrialRunsTheDistributedModeAndStartsEachServiceAfterWhatItNeeds() throws Exception {
        Map<String, Map<String, Object>> services = composeServices();

        assertThat(services.keySet()).containsExactlyInAnyOrder("postgres", "temporal-postgres", "temporal", "s3-bucket", "s3",
                "keycloak", "hone-server", "hone-worker-1", "hone-worker-2");
        services.forEach((name, service) -> {
            if (!name.equals("s3-bucket")) {
                assertThat(service).as("healthcheck of %s", name).containsKey("healthcheck");
            }
        });
        assertThat(dependsOn(services.get("hone-server"))).containsOnly(Map.entry("postgres", "service_healthy"),
                Map.entry("temporal", "service_healthy"), Map.entry("s3", "service_healthy"), Map.entry("keycloak", "service_healthy"));
        assertThat(dependsOn(services.get("temporal"))).containsOnly(Map.entry("temporal-postgres", "service_healthy"));
        assertThat(dependsOn(services.get("s3"))).containsOnly(Map.entry("s3-bucket", "service_completed_successfully"));
        assertThat(String.valueOf(services.get("temporal").get("image"))).startsWith("temporalio/auto-setup:");
        assertThat(services.get("keycloak").get("command").toString()).contains("--import-realm");
        assertThat(services.get("keycloak").get("volumes").toString())
                .contains("./keycloak/hone-realm.json:/opt/keycloak/data/import/hone-realm.json");
        assertThat(DEPLOY.resolve("keycloak/hone-realm.json")).exists();

        Map<String, String> server = environment(services.get("hone-server"));
        assertThat(server).containsEntry("HONE_RUNTIME_MODE", "server").containsEntry("HONE_REGISTRY_ARTIFACT_STORE", "s3")
                .containsEntry("HONE_SECURITY_IDENTITY", "keycloak")
                .containsEntry("HONE_DB_URL", "jdbc:postgresql://postgres:5432/hone")
                .containsEntry("HONE_RUNTIME_TEMPORAL_TARGET", "temporal:7233");
        for (String worker : List.of("hone-worker-1", "hone-worker-2")) {
            Map<String, String> env = environment(services.get(worker));
            assertThat(env).containsEntry("HONE_RUNTIME_MODE", "worker")
                    .containsEntry("HONE_RUNTIME_WORKER_QUEUES", TaskQueues.CPU);
            assertThat(dependsOn(services.get(worker))).containsOnly(Map.entry("hone-server", "service_healthy"));
            // Everything but the role is the server's.
            env.keySet().removeAll(List.of("HONE_RUNTIME_MODE", "HONE_RUNTIME_WORKER_QUEUES", "HONE_RUNTIME_TEMPORAL_COMPUTE_CONCURRENCY"));
            Map<String, String> shared = new LinkedHashMap<>(server);
            shared.remove("HONE_RUNTIME_MODE");
            assertThat(env).isEqualTo(shared);
        }
    }

    @Test
    void composeTrialTakesEveryCredentialFromTheOperatorsEnvFile() throws Exception {
        Set<String> fromEnvFile = new TreeSet<>();
        composeServices().forEach((name, service) -> environment(service).forEach((key, value) -> {
            Matcher m = Pattern.compile("\\$\\{([A-Z_]+)(:[?-][^}]*)?}").matcher(value);
            boolean interpolated = m.matches();
            if (CREDENTIAL.matcher(key).matches()) {
                assertThat(interpolated).as("%s of %s is a ${VARIABLE:?...} from .env, not a value", key, name).isTrue();
                assertThat(m.group(2)).as("%s of %s is required", key, name).startsWith(":?");
            }
            if (interpolated) {
                fromEnvFile.add(m.group(1));
            }
        }));
        assertThat(fromEnvFile).containsExactlyInAnyOrder("HONE_DB_PASSWORD", "TEMPORAL_DB_PASSWORD", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "KEYCLOAK_ADMIN_PASSWORD");

        Map<String, String> example = new LinkedHashMap<>();
        for (String line : Files.readAllLines(COMPOSE_ENV)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(example.keySet()).as("compose.env.example names every variable").isEqualTo(fromEnvFile);
        assertThat(example.values()).as("placeholders only").containsOnly("change-me");
    }

    // --- Docs and files agree ----------------------------------------------------------------

    @Test
    void everyHoneSettingTheChartAndComposeUseIsDocumentedInDeployReadme() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String values : VALUE_SETS) {
            render(values).deployments().forEach(d -> used.addAll(envNames(container(d))));
        }
        composeServices().values().forEach(s -> used.addAll(environment(s).keySet()));
        used.removeIf(name -> !name.startsWith("HONE_") && !name.startsWith("QUARKUS_"));
        assertThat(used).contains("HONE_REGISTRY_S3_BUCKET", "HONE_REGISTRY_S3_PREFIX", "HONE_RUNTIME_WORKER_QUEUES", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");

        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`((?:HONE|QUARKUS)_[A-Z0-9_]+)`").matcher(settingsTable());
        while (m.find()) {
            documented.add(m.group(1));
        }
        used.removeAll(TEMPORAL_SECURITY_SETTINGS);
        assertThat(documented).containsAll(used);
    }

    // --- Rendering and reading ----------------------------------------------------------------

    /** A rendering: the Kubernetes objects read into their model classes, and KEDA's objects. */
    private record Rendered(List<HasMetadata> objects, List<Object> keda, List<String> kinds, List<String> unchecked) {

        List<Deployment> deployments() {
            return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
        }

        List<Deployment> workers() {
            return deployments().stream().filter(d -> d.getMetadata().getName().contains("-worker-")).toList();
        }

        Deployment deployment(String name) {
            return deployments().stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no Deployment " + name + " among " + kinds));
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
            assertThat(found).as(type.getSimpleName()).hasSize(1);
            return found.get(0);
        }

        List<ScaledObject> scaledObjects() {
            return keda.stream().filter(ScaledObject.class::isInstance).map(ScaledObject.class::cast).toList();
        }

        List<TriggerAuthentication> triggerAuthentications() {
            return keda.stream().filter(TriggerAuthentication.class::isInstance).map(TriggerAuthentication.class::cast).toList();
        }
    }

    private static final Map<String, Rendered> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Rendered render(String valuesFile) throws Exception {
        Rendered cached = RENDERED.get(valuesFile);
        if (cached != null) {
            return cached;
        }
        var template = HELM.template().withName("hone").withNamespace("hone");
        if (!valuesFile.isEmpty()) {
            template.withValuesFile(EXAMPLES.resolve(valuesFile));
        }
        String manifest = template.call();
        List<HasMetadata> objects = new ArrayList<>();
        List<Object> keda = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (Object document : yaml().loadAll(manifest)) {
            if (document == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) document;
            String kind = (String) map.get("kind");
            kinds.add(kind);
            String type = map.get("apiVersion") + " " + kind;
            Class<? extends HasMetadata> modelClass = KINDS.get(type);
            if (modelClass != null) {
                HasMetadata object = STRICT.convertValue(map, modelClass);
                assertThat(unknownFields(object, type)).as("fields the Kubernetes schema does not have").isEmpty();
                objects.add(object);
            } else if (type.equals("keda.sh/v1alpha1 ScaledObject")) {
                keda.add(STRICT.convertValue(map, ScaledObject.class));
            } else if (type.equals("keda.sh/v1alpha1 TriggerAuthentication")) {
                keda.add(STRICT.convertValue(map, TriggerAuthentication.class));
            } else {
                unchecked.add(type);
            }
        }
        Rendered rendered = new Rendered(objects, keda, kinds, unchecked);
        RENDERED.put(valuesFile, rendered);
        return rendered;
    }

    /**
     * fabric8's model classes keep a field they do not know in {@code additionalProperties}
     * instead of refusing it: any such field, anywhere in the object, is one Kubernetes would
     * reject or ignore.
     */
    private static List<String> unknownFields(Object object, String path) throws Exception {
        List<String> unknown = new ArrayList<>();
        if (object == null) {
            return unknown;
        }
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
            }
            return unknown;
        }
        if (object instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                unknown.addAll(unknownFields(e.getValue(), path + "." + e.getKey()));
            }
            return unknown;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value = getter.invoke(object);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
            } else {
                unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
            }
        }
        return unknown;
    }

    private static Container container(Deployment d) {
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(EnvVar::getValue).orElseThrow(() -> new AssertionError("no " + name + " in " + envNames(c)));
    }

    private static Set<String> envNames(Container c) {
        Set<String> names = new LinkedHashSet<>();
        c.getEnv().forEach(e -> assertThat(names.add(e.getName())).as("%s set once", e.getName()).isTrue());
        return names;
    }

    private static String httpPath(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    // --- KEDA's objects: the fields of its CRDs that a chart may set; any other field fails. ----

    record ObjectMeta(String name, Map<String, String> labels) {
    }

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount,
            Integer pollingInterval, Integer cooldownPeriod, Integer idleReplicaCount, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    /** KEDA's trigger metadata is a map of strings: a number there is refused. */
    record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef,
            String metricType, Boolean useCachedMetrics) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
    }

    // --- Compose and docs -------------------------------------------------------------------

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> composeServices() throws Exception {
        Map<String, Object> compose = yaml().load(Files.readString(COMPOSE));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** The service's environment (merge keys resolved), every value as the text compose reads. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat(v).as("%s is quoted text", k).isInstanceOf(String.class);
                env.put((String) k, (String) v);
            });
        } else {
            assertThat(raw).as("environment as a map").isNull();
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) service.get("depends_on"))
                .forEach((name, spec) -> conditions.put(name, (String) spec.get("condition")));
        return conditions;
    }

    private static String settingsTable() throws Exception {
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        int start = readme.indexOf("## Settings");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("a Settings section in deploy/README.md").isNotNegative();
        return Stream.of(readme.substring(start, end).split("\n")).filter(l -> l.startsWith("|")).reduce("", (a, b) -> a + b + "\n");
    }
}
