package org.ttsaudit.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.node.ObjectNode;

/** Every object each kustomization makes is valid against its kind's real schema (see {@link Schemas}). */
class ManifestSchemaTest {
    private static Schemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = Schemas.load();
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void everyObjectIsValidAgainstItsKindsSchema(String kustomization) {
        List<ObjectNode> objects = Manifests.build(kustomization);
        assertThat(objects).extracting(o -> o.path("kind").asString())
                .contains("FlinkDeployment", "Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "Job", "CronJob",
                        "ConfigMap", "PodMonitor", "PrometheusRule");
        assertThat(objects.stream().flatMap(o -> schemas.validate(o).stream())).isEmpty();
    }

    /** The validation is strict and typed: each broken copy of a valid object must be refused. */
    @Test
    void brokenObjectsAreRefused() {
        List<ObjectNode> objects = Manifests.build("overlays/prod");
        Stream<ObjectNode> broken = Stream.of(
                // a misspelt field in the FlinkDeployment (jarURI)
                edit(Manifests.one(objects, "FlinkDeployment"), o -> {
                    ObjectNode job = (ObjectNode) o.path("spec").path("job");
                    job.set("jarUri", job.remove("jarURI"));
                }),
                // a Flink version the operator does not know
                edit(Manifests.one(objects, "FlinkDeployment"), o -> ((ObjectNode) o.path("spec")).put("flinkVersion", "v2_9")),
                // a Kafka listener without its required tls flag
                edit(Manifests.one(objects, "Kafka"), o -> ((ObjectNode) o.path("spec").path("kafka").path("listeners").get(0)).remove("tls")),
                // partitions as text
                edit(Manifests.ofKind(objects, "KafkaTopic").get(0), o -> ((ObjectNode) o.path("spec")).put("partitions", "four")),
                // a misplaced field in a StatefulSet's container
                edit(Manifests.one(objects, "StatefulSet"), o -> ((ObjectNode) o.path("spec").path("template").path("spec")
                        .path("containers").get(0)).put("imagePullPolicyy", "Always")),
                // a memory request that is not a quantity
                edit(Manifests.one(objects, "StatefulSet"), o -> ((ObjectNode) o.path("spec").path("template").path("spec")
                        .path("containers").get(0).path("resources").path("requests")).putObject("memory")),
                // a CronJob schedule that is not a string
                edit(Manifests.one(objects, "CronJob"), o -> ((ObjectNode) o.path("spec")).put("schedule", 17)),
                // rules that are not a list
                edit(Manifests.one(objects, "PrometheusRule"), o -> ((ObjectNode) o.path("spec").path("groups").get(0)).put("rules", "none")),
                // a kind nobody defines
                edit(Manifests.ofKind(objects, "ConfigMap").get(0), o -> o.put("kind", "ConfigMapp")));
        broken.forEach(o -> assertThat(schemas.validate(o)).as(o.toString()).isNotEmpty());
    }

    private static ObjectNode edit(ObjectNode valid, java.util.function.Consumer<ObjectNode> change) {
        assertThat(schemas.validate(valid)).isEmpty();
        ObjectNode copy = valid.deepCopy();
        change.accept(copy);
        return copy;
    }
}
