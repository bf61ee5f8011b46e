package org.ttsaudit.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One built kustomization, read as the job reads it: the FlinkDeployment and the job's tts.yaml. */
record Deployment(String kustomization, List<ObjectNode> objects) {
    static final String TTS_YAML = "tts.yaml";

    static Deployment of(String kustomization) {
        return new Deployment(kustomization, Manifests.build(kustomization));
    }

    ObjectNode flink() {
        return Manifests.one(objects, "FlinkDeployment");
    }

    JsonNode flinkConfiguration() {
        return flink().path("spec").path("flinkConfiguration");
    }

    /** The ConfigMap that the job's {@code --config} file comes from. */
    ObjectNode jobConfigMap() {
        return Manifests.ofKind(objects, "ConfigMap").stream().filter(c -> c.path("data").has(TTS_YAML))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap with " + TTS_YAML));
    }

    /** tts.yaml parsed by the job's own parser, with the job's defaults behind it. */
    Configuration jobConfig() {
        try {
            Path file = Files.createTempFile("tts", ".yaml");
            try {
                Files.writeString(file, jobConfigMap().path("data").path(TTS_YAML).asString(), StandardCharsets.UTF_8);
                return TtsConfig.load(file, Map.of());
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int parallelism() {
        return flink().path("spec").path("job").path("parallelism").asInt();
    }

    /** Every container of every pod this deployment makes: its pods' templates, jobs' and cron jobs' templates, init containers too. */
    List<JsonNode> containers() {
        List<JsonNode> found = new ArrayList<>();
        objects.forEach(o -> collect(o, found));
        return found;
    }

    private static void collect(JsonNode node, List<JsonNode> found) {
        for (String list : List.of("containers", "initContainers")) {
            node.path(list).forEach(found::add);
        }
        if (node.isObject()) {
            node.forEachEntry((k, v) -> {
                if (v.isContainer() && !k.equals("containers") && !k.equals("initContainers")) {
                    collect(v, found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(v -> collect(v, found));
        }
    }

    /** The command line of each container (command then args), as strings. */
    List<List<String>> commands() {
        return containers().stream().map(c -> Stream.concat(c.path("command").values().stream(), c.path("args").values().stream())
                .map(JsonNode::asString).toList()).filter(l -> !l.isEmpty()).toList();
    }
}
