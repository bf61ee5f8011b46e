package org.ttsaudit.deploy.manifests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests of {@code k8s/} as Kubernetes receives them: each kustomization built by kustomize
 * itself ({@code kubectl kustomize}, or a {@code kustomize} binary, of kustomize v5), parsed into
 * one JSON tree per object.
 */
final class Manifests {
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    /** The kustomizations a user applies, and the base they share. */
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/dev", "overlays/prod");
    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private static final Map<String, List<ObjectNode>> BUILT = new ConcurrentHashMap<>();
    private static final Pattern KUSTOMIZE_MAJOR = Pattern.compile("(?:Kustomize Version: |^)v(\\d+)\\.", Pattern.MULTILINE);

    private Manifests() {}

    static Path root() {
        return Path.of(System.getProperty("tts.root", "..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    /** The objects {@code kustomize build k8s/<kustomization>} makes. */
    static List<ObjectNode> build(String kustomization) {
        return BUILT.computeIfAbsent(kustomization, k -> parse(run(kustomizeCommand(k8s().resolve(k)))));
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode node = values.next();
                if (node != null && node.isObject()) {
                    objects.add((ObjectNode) node);
                }
            }
        }
        return objects;
    }

    static List<ObjectNode> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asString().equals(kind)).toList();
    }

    static ObjectNode one(List<ObjectNode> objects, String kind) {
        List<ObjectNode> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asString();
    }

    /**
     * The command that builds a kustomization. A missing kustomize skips the manifest tests on a
     * developer's machine and fails them in CI ({@code .ci/run} installs one).
     */
    private static List<String> kustomizeCommand(Path dir) {
        Optional<List<String>> command = onPath("kubectl").filter(k -> kustomizeMajor(List.of(k, "version", "--client")) >= 5)
                .map(k -> List.of(k, "kustomize", dir.toString()))
                .or(() -> onPath("kustomize").filter(k -> kustomizeMajor(List.of(k, "version")) >= 5)
                        .map(k -> List.of(k, "build", dir.toString())));
        if (command.isEmpty()) {
            String message = "needs kubectl or kustomize with kustomize v5 on the PATH (.ci/run installs kubectl)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return command.get();
    }

    private static Optional<String> onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, tool)).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static int kustomizeMajor(List<String> versionCommand) {
        Matcher m = KUSTOMIZE_MAJOR.matcher(run(versionCommand));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
