package org.ttsaudit.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.ttsaudit.pipeline.alerts.AlertTable;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.db.DbAdmin;
import org.ttsaudit.pipeline.db.Migrations;
import org.ttsaudit.pipeline.metrics.MetricsTables;
import org.ttsaudit.pipeline.sinks.AuditLogTable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the manifests say must agree with the build, the image and the job's code. */
class DeploymentConsistencyTest {
    private static final String FLINK = System.getProperty("flink.version");
    private static final String DB_ADMIN = DbAdmin.class.getName();
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL).*");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?");

    @Test
    void theClassPathRunsTheFlinkOfThePom() {
        assertThat(FLINK).isNotBlank();
        assertThat(EnvironmentInformation.getVersion()).isEqualTo(FLINK);
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void oneFlinkVersionEverywhere(String kustomization) {
        Deployment d = Deployment.of(kustomization);
        String[] version = FLINK.split("\\.");
        assertThat(d.flink().path("spec").path("flinkVersion").asString()).isEqualTo("v" + version[0] + "_" + version[1]);
        List<String> images = new ArrayList<>(d.containers().stream().map(c -> c.path("image").asString()).toList());
        images.add(d.flink().path("spec").path("image").asString());
        images.stream().filter(i -> i.matches("(.*/)?flink:.*"))
                .forEach(i -> assertThat(i).as("a Flink image").contains("flink:" + FLINK));
        assertThat(Dockerfile.read().from()).isEqualTo("flink:" + FLINK + "-java17");
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void theDeploymentRunsTheJarTheImageHolds(String kustomization) throws Exception {
        Deployment d = Deployment.of(kustomization);
        JsonNode job = d.flink().path("spec").path("job");
        String jarUri = job.path("jarURI").asString();
        assertThat(jarUri).startsWith("local://");
        String jar = jarUri.substring("local://".length());
        String built = "pipeline/target/tts-pipeline-" + System.getProperty("project.version") + "-job.jar";
        assertThat(Dockerfile.read().copies()).containsEntry(built, jar);
        assertThat(Class.forName(job.path("entryClass").asString()).getMethod("main", String[].class)).isNotNull();
        // the database chores run the same jar, with Flink and ONNX Runtime from lib/
        List<List<String>> chores = d.commands().stream().filter(c -> c.contains(DB_ADMIN)).toList();
        assertThat(chores).isNotEmpty().allSatisfy(c -> assertThat(c).containsSequence("-cp", jar + ":/opt/flink/lib/*"));
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#OVERLAYS")
    void everyTaskManagerHasAGpu(String overlay) {
        JsonNode pod = Deployment.of(overlay).flink().path("spec").path("taskManager").path("podTemplate").path("spec");
        JsonNode main = pod.path("containers").values().stream()
                .filter(c -> c.path("name").asString().equals("flink-main-container")).findFirst().orElseThrow();
        assertThat(main.path("resources").path("limits").path("nvidia.com/gpu").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(pod.path("tolerations").values()).anySatisfy(t -> {
            assertThat(t.path("key").asString()).isEqualTo("nvidia.com/gpu");
            assertThat(t.path("effect").asString()).isEqualTo("NoSchedule");
        });
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void noSecretIsWrittenInTheManifests(String kustomization) {
        Deployment d = Deployment.of(kustomization);
        assertThat(Manifests.ofKind(d.objects(), "Secret")).as("Secrets are created in the cluster, not kept here")
                .allSatisfy(s -> assertThat(s.has("data") || s.has("stringData")).isFalse());
        d.containers().forEach(c -> c.path("env").forEach(env -> {
            if (SECRET_NAME.matcher(env.path("name").asString()).matches()) {
                assertThat(env.has("value")).as(env.path("name").asString() + " must come from a Secret").isFalse();
            }
        }));
        Configuration job = d.jobConfig();
        assertThat(job.keySet()).as("passwords in tts.yaml only as files").allSatisfy(k -> {
            if (k.contains("password")) {
                assertThat(k).endsWith("-file");
            }
        });
        d.flinkConfiguration().propertyNames().forEach(k ->
                assertThat(k).as("credentials belong in the environment, from a Secret").doesNotContain("secret", "access-key"));
    }

    /** Each file tts.yaml names is on a volume mounted into the job's pods, from the right source. */
    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void theFilesTheJobReadsAreMounted(String kustomization) {
        Deployment d = Deployment.of(kustomization);
        JsonNode pod = d.flink().path("spec").path("podTemplate").path("spec");
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asString(), v));
        Map<String, JsonNode> mounts = new HashMap<>();
        pod.path("containers").forEach(c -> c.path("volumeMounts")
                .forEach(m -> mounts.put(m.path("mountPath").asString(), volumes.get(m.path("name").asString()))));

        List<String> args = d.flink().path("spec").path("job").path("args").values().stream().map(JsonNode::asString).toList();
        Path config = Path.of(args.get(args.indexOf("--config") + 1));
        assertThat(volumeAt(mounts, config).path("configMap").path("name").asString()).isEqualTo(Manifests.name(d.jobConfigMap()));
        assertThat(config.getFileName().toString()).isEqualTo(Deployment.TTS_YAML);

        Configuration job = d.jobConfig();
        assertThat(volumeAt(mounts, Path.of(job.get(TtsOptions.MYSQL_PASSWORD_FILE))).path("secret").path("secretName").asString())
                .isEqualTo("tts-mysql");
        assertThat(volumeAt(mounts, Path.of(job.get(TtsOptions.REF_KEY_FILE))).path("secret").path("secretName").asString())
                .isEqualTo("tts-ref-keys");
        assertThat(volumeAt(mounts, Path.of(job.get(TtsOptions.REF_FILE_ROOT))).has("persistentVolumeClaim")).isTrue();
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void everyTopicTheJobUsesIsAKafkaTopicOfTheClusterItConnectsTo(String kustomization) {
        Deployment d = Deployment.of(kustomization);
        ObjectNode kafka = Manifests.one(d.objects(), "Kafka");
        Configuration job = d.jobConfig();
        Set<String> ports = new HashSet<>();
        kafka.path("spec").path("kafka").path("listeners").forEach(l -> {
            if (!l.path("tls").asBoolean()) {
                ports.add(Manifests.name(kafka) + "-kafka-bootstrap:" + l.path("port").asInt());
            }
        });
        assertThat(ports).as("the job's plain-text bootstrap address").contains(job.get(TtsOptions.KAFKA_BOOTSTRAP));

        Map<String, Integer> partitions = new HashMap<>();
        Manifests.ofKind(d.objects(), "KafkaTopic").stream()
                .filter(t -> t.path("metadata").path("labels").path("strimzi.io/cluster").asString().equals(Manifests.name(kafka)))
                .forEach(t -> partitions.put(t.path("spec").has("topicName") ? t.path("spec").path("topicName").asString()
                        : Manifests.name(t), t.path("spec").path("partitions").asInt()));
        assertThat(partitions).containsKeys(job.get(TtsOptions.TOPIC_REQUESTS), job.get(TtsOptions.TOPIC_RESULTS),
                job.get(TtsOptions.TOPIC_DLQ), job.get(TtsOptions.TOPIC_ALERTS));
        assertThat(partitions.get(job.get(TtsOptions.TOPIC_REQUESTS))).as("a partition for every source subtask")
                .isGreaterThanOrEqualTo(d.parallelism());
    }

    @Test
    void everyTableTheJobWritesIsCreatedByTheMigrationsInTheJar() throws Exception {
        Set<String> created = new HashSet<>();
        for (String sql : migrations()) {
            Matcher m = CREATE_TABLE.matcher(sql);
            while (m.find()) {
                created.add(m.group(1).toLowerCase());
            }
        }
        assertThat(created).contains(AuditLogTable.TABLE, MetricsTables.failures().table, MetricsTables.emotions().table,
                MetricsTables.errors().table, MetricsTables.lateRecords().table, AlertTable.upsert().table);
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void aJobMigratesAndGivesTheJobsAccountItsRoleAndACronJobKeepsRetention(String kustomization) throws Exception {
        Deployment d = Deployment.of(kustomization);
        String writer = d.jobConfig().get(TtsOptions.MYSQL_USER);
        ObjectNode migrations = Manifests.one(d.objects(), "Job");
        List<List<String>> steps = new Deployment(kustomization, List.of(migrations)).commands();
        assertThat(steps).anySatisfy(c -> assertThat(c).containsSubsequence(DB_ADMIN, "migrate"));
        assertThat(steps).anySatisfy(c -> assertThat(c).containsSubsequence(DB_ADMIN, "roles", "--account", writer,
                "--role", "tts_writer_role"));
        assertThat(migrations.path("spec").path("template").path("spec").path("initContainers").get(0).path("command")
                .values().stream().map(JsonNode::asString)).as("migrations before roles: roles.sql grants on their tables")
                .contains("migrate");
        List<List<String>> retention = new Deployment(kustomization, List.of(Manifests.one(d.objects(), "CronJob"))).commands();
        assertThat(retention).singleElement().satisfies(c -> assertThat(c).containsSubsequence(DB_ADMIN, "retention"));
        assertThat(DbAdmin.class.getMethod("main", String[].class)).isNotNull();
    }

    /**
     * The audit sink runs at parallelism x sink.writers and, with slot sharing, needs that many
     * slots; TaskManagers start as the slots require, and each has one GPU, so at most sink.writers
     * slots per TaskManager keeps one GPU per inference subtask.
     */
    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void theSlotsHoldTheWidestOperatorAndEveryInferenceSubtaskHasAGpu(String kustomization) {
        Deployment d = Deployment.of(kustomization);
        int parallelism = d.parallelism();
        int writers = d.jobConfig().get(TtsOptions.SINK_WRITERS);
        int slots = Integer.parseInt(d.flinkConfiguration().path("taskmanager.numberOfTaskSlots").asString());
        JsonNode replicas = d.flink().path("spec").path("taskManager").path("replicas");
        int taskManagers = replicas.isMissingNode() ? (parallelism * writers + slots - 1) / slots : replicas.asInt();
        assertThat(parallelism).isPositive();
        assertThat(taskManagers * slots).isGreaterThanOrEqualTo(parallelism * writers);
        assertThat(taskManagers).as("TaskManagers (one GPU each) for " + parallelism + " inference subtasks")
                .isGreaterThanOrEqualTo(parallelism);
    }

    /** The migrations as the job jar ships them (the class path's sql/migrations, which Flyway reads). */
    private static List<String> migrations() throws Exception {
        String location = Migrations.LOCATION.substring("classpath:".length());
        URI uri = DeploymentConsistencyTest.class.getClassLoader().getResource(location).toURI();
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return readAll(jar.getPath(location));
            }
        }
        return readAll(Path.of(uri));
    }

    private static List<String> readAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> sql = new ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                sql.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            assertThat(sql).isNotEmpty();
            return sql;
        }
    }

    private static JsonNode volumeAt(Map<String, JsonNode> mounts, Path file) {
        return mounts.entrySet().stream().filter(e -> file.startsWith(Path.of(e.getKey()))).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(file + " is on no mounted volume"));
    }
}
