package org.ttsaudit.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every key of the FlinkDeployment's flinkConfiguration is an option of the Flink on the class
 * path (the pom's), under its current name, with a value that option accepts: Flink 2 dropped many
 * 1.x names, and Flink ignores a key it does not know without a word. Keys under {@code s3.} go to
 * the S3 plugin's Hadoop configuration (not on this class path) and are not checked.
 */
class FlinkConfigurationTest {
    private static final Pattern REPORTER_KEY = Pattern.compile("metrics\\.reporter\\.[\\w-]+\\.(.+)");
    private static final Map<String, ConfigOption<?>> current = new java.util.HashMap<>();
    private static final Set<String> deprecated = new HashSet<>();
    private static final Set<String> reporterKeys = new HashSet<>();

    @BeforeAll
    static void readFlinksOptions() throws Exception {
        URI core = CoreOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        try (FileSystem jar = FileSystems.newFileSystem(Path.of(core), Map.of());
             Stream<Path> classes = Files.list(jar.getPath("org/apache/flink/configuration"))) {
            for (Path c : classes.filter(p -> p.getFileName().toString().matches("\\w*Options\\.class")).toList()) {
                String name = "org.apache.flink.configuration." + c.getFileName().toString().replace(".class", "");
                for (ConfigOption<?> option : options(Class.forName(name))) {
                    current.put(option.key(), option);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        if (fallback.isDeprecated()) {
                            deprecated.add(fallback.getKey());
                        } else {
                            current.put(fallback.getKey(), option);
                        }
                    }
                }
            }
        }
        deprecated.removeAll(current.keySet());
        for (ConfigOption<?> option : options(MetricOptions.class)) {
            Matcher m = REPORTER_KEY.matcher(option.key());
            reporterKeys.add(m.matches() ? m.group(1) : option.key());
        }
        Field port = PrometheusReporterFactory.class.getDeclaredField("ARG_PORT");
        port.setAccessible(true);
        reporterKeys.add((String) port.get(null));
    }

    @Test
    void theOptionsAreRead() {
        assertThat(current).containsKeys("state.backend.type", "high-availability.type", "taskmanager.numberOfTaskSlots");
        assertThat(reporterKeys).contains("factory.class", "port");
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void everyKeyIsACurrentOptionOfThePomsFlinkWithAValueItTakes(String kustomization) {
        Map<String, String> values = new java.util.HashMap<>();
        Deployment.of(kustomization).flinkConfiguration().forEachEntry((k, v) -> values.put(k, v.asString()));
        Configuration flink = Configuration.fromMap(values);
        values.keySet().stream()
                .filter(key -> !key.startsWith("s3."))
                .forEach(key -> {
                    assertThat(deprecated.contains(key)).as(key + " is deprecated in Flink " + System.getProperty("flink.version"))
                            .isFalse();
                    Matcher reporter = REPORTER_KEY.matcher(key);
                    if (reporter.matches()) {
                        assertThat(reporterKeys.contains(reporter.group(1))).as(key + " is no reporter option").isTrue();
                    } else {
                        assertThat(current.containsKey(key)).as(key + " is no option of Flink " + System.getProperty("flink.version"))
                                .isTrue();
                        assertThat(flink.get(current.get(key))).as(key).isNotNull();
                    }
                });
    }

    private static List<ConfigOption<?>> options(Class<?> holder) throws IllegalAccessException {
        List<ConfigOption<?>> options = new java.util.ArrayList<>();
        for (Field f : holder.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                options.add((ConfigOption<?>) f.get(null));
            }
        }
        return options;
    }
}
