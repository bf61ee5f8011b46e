package org.ttsaudit.deploy.manifests;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas Kubernetes checks our objects against, taken from the projects that define them
 * (the jars are copied to {@code target/k8s-schemas} by the build, see deploy/pom.xml):
 * <ul>
 *   <li>{@code FlinkDeployment}: the CRD in flink-kubernetes-operator-api (the operator's build
 *       writes it from its model classes with fabric8's CRD generator);</li>
 *   <li>Strimzi's {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}: the CRDs Strimzi's own
 *       generator writes from Strimzi's model classes, run by the build as Strimzi's build runs it;</li>
 *   <li>the built-in kinds and prometheus-operator's {@code PodMonitor} and {@code PrometheusRule}:
 *       the JSON schemas fabric8's kubernetes-model jars ship ({@code schema/validation-schema.json},
 *       generated from the Kubernetes and prometheus-operator Go types).</li>
 * </ul>
 * Validation is strict, as {@code kubectl apply --validate=strict} is: a field the schema does
 * not know is an error (a typo would otherwise be dropped without a word). Two adaptations to
 * fabric8's schemas, which describe its Java classes rather than the wire format: a Quantity or
 * IntOrString is a string or a number on the wire (as the Kubernetes OpenAPI says), and their
 * draft-3 {@code "required": true} on apiVersion and kind is dropped. fabric8's schemas have no
 * other required fields, so for the built-in kinds the test checks names and types, not presence.
 */
final class Schemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    /** The Flink version our FlinkDeployment names; see {@link #flinkOperatorCrd}. */
    static final String FLINK_VERSION_ENUM = "v2_2";

    private final Map<String, Schema> byType = new HashMap<>();

    private Schemas() {}

    static Schemas load() {
        Path dir = Path.of(System.getProperty("k8s.schemas", "target/k8s-schemas"));
        Schemas schemas = new Schemas();
        schemas.addCrd(flinkOperatorCrd(dir));
        try (Stream<Path> crds = Files.list(dir.resolve("strimzi"))) {
            crds.forEach(f -> schemas.addCrd(Manifests.read(f).get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String model : List.of("kubernetes-model-core", "kubernetes-model-apps", "kubernetes-model-batch",
                "kubernetes-model-rbac", "openshift-model-monitoring")) {
            schemas.addFabric8(readJar(jar(dir, model), "schema/validation-schema.json"));
        }
        return schemas;
    }

    /** The errors of one object; none when it is valid. An object of a kind without a schema is an error. */
    List<String> validate(JsonNode object) {
        String type = object.path("apiVersion").asString() + "/" + object.path("kind").asString();
        Schema schema = byType.get(type);
        if (schema == null) {
            return List.of(type + " " + Manifests.name(object) + ": no schema for this apiVersion and kind");
        }
        return schema.validate(object).stream()
                .map(e -> type + " " + Manifests.name(object) + ": " + e)
                .toList();
    }

    /**
     * The FlinkDeployment CRD of the newest operator API jar on Maven Central as served here
     * (1.10.0). Its {@code flinkVersion} enum ends at v1_20: later operator releases added the
     * 2.x versions. The one value our Flink needs is added to that enum, and only if the jar lacks
     * it; everything else is checked as the jar has it.
     */
    static JsonNode flinkOperatorCrd(Path dir) {
        ObjectNode crd = (ObjectNode) Manifests.parse(
                readText(jar(dir, "flink-kubernetes-operator-api"), "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")).get(0);
        for (JsonNode version : crd.path("spec").path("versions")) {
            JsonNode flinkVersion = version.path("schema").path("openAPIV3Schema").path("properties").path("spec")
                    .path("properties").path("flinkVersion");
            ArrayNode values = (ArrayNode) flinkVersion.get("enum");
            boolean listed = false;
            for (JsonNode v : values) {
                listed |= v.asString().equals(FLINK_VERSION_ENUM);
            }
            if (!listed) {
                values.add(FLINK_VERSION_ENUM);
            }
        }
        return crd;
    }

    private void addCrd(JsonNode crd) {
        String group = crd.path("spec").path("group").asString();
        String kind = crd.path("spec").path("names").path("kind").asString();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean()) {
                continue;
            }
            ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
            // Every object has these, whether or not a generator wrote them into its CRD.
            ObjectNode properties = (ObjectNode) schema.path("properties");
            for (String field : List.of("apiVersion", "kind")) {
                properties.putIfAbsent(field, types("string"));
            }
            properties.putIfAbsent("metadata", types("object"));
            strict(schema);
            byType.put(group + "/" + version.path("name").asString() + "/" + kind, REGISTRY.getSchema(schema));
        }
    }

    /** Each kind's schema is the definition whose apiVersion and kind have those defaults. */
    private void addFabric8(JsonNode model) {
        ObjectNode definitions = (ObjectNode) model.path("definitions").deepCopy();
        for (String name : new ArrayList<>(definitions.propertyNames())) {
            if (name.endsWith("_Quantity")) {
                definitions.set(name, types("string", "number"));
            } else if (name.endsWith("_IntOrString")) {
                definitions.set(name, types("string", "integer"));
            }
        }
        fabric8(definitions);
        definitions.forEachEntry((name, definition) -> {
            JsonNode properties = definition.path("properties");
            String apiVersion = properties.path("apiVersion").path("default").asString();
            String kind = properties.path("kind").path("default").asString();
            if (apiVersion.isEmpty() || kind.isEmpty()) {
                return;
            }
            ObjectNode schema = NODES.objectNode();
            schema.put("$ref", "#/definitions/" + name);
            schema.set("definitions", definitions);
            byType.putIfAbsent(apiVersion + "/" + kind, REGISTRY.getSchema(schema));
        });
    }

    /** Unknown fields are errors in every object with declared properties that does not itself allow more. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
        }
        if (node.isContainer()) {
            node.values().forEach(Schemas::strict);
        }
    }

    /**
     * fabric8's schemas allow every property everywhere (its classes keep extra ones in a map), and
     * mark apiVersion and kind {@code "required": true} (draft 3; not so in objects embedded in
     * others, such as a StatefulSet's claim templates): both go.
     */
    private static void fabric8(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("properties").isObject()) {
            if (object.path("additionalProperties").isBoolean()) {
                object.put("additionalProperties", false);
            }
            object.path("properties").forEach(property -> {
                if (property instanceof ObjectNode p && p.path("required").isBoolean()) {
                    p.remove("required");
                }
            });
        }
        if (node.isContainer()) {
            node.values().forEach(Schemas::fabric8);
        }
    }

    private static ObjectNode types(String... types) {
        ObjectNode schema = NODES.objectNode();
        ArrayNode list = schema.putArray("type");
        for (String t : types) {
            list.add(t);
        }
        return schema;
    }

    private static Path jar(Path dir, String artifact) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(artifact + "-\\d.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(artifact + " is not in " + dir + " (run the build's generate-test-resources)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJar(Path jar, String entry) {
        return JSON.readTree(readText(jar, entry));
    }

    private static String readText(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var e = zip.getEntry(entry);
            if (e == null) {
                throw new IllegalStateException(entry + " is not in " + jar);
            }
            try (InputStream in = zip.getInputStream(e)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
