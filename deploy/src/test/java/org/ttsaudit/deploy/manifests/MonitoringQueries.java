package org.ttsaudit.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the Grafana dashboard ({@code base/monitoring/tts-dashboard.json}) and of the
 * alert rules ({@code base/monitoring/prometheus-rules.yaml}), and the Flink metric names in it,
 * so that a test with a running job can check each name against what the job's Prometheus
 * reporter really exports.
 */
public final class MonitoringQueries {
    public static final String DASHBOARD = "base/monitoring/tts-dashboard.json";
    public static final String RULES = "base/monitoring/prometheus-rules.yaml";
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    /** Series Prometheus derives from a summary; Flink's reporter exports histograms as summaries. */
    private static final Pattern SUMMARY_SUFFIX = Pattern.compile("_(count|sum)$");

    private MonitoringQueries() {}

    /**
     * Every {@code flink_...} metric name the dashboard's and the rules' expressions use. A name
     * ending in {@code _count} or {@code _sum} is given as its summary's base name (the name a
     * scrape lists with its quantiles): no metric the job or Flink registers ends so, while
     * Prometheus's summaries add exactly these two series to the base name.
     */
    public static Set<String> metricNames(Path k8sDir) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(k8sDir)) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(SUMMARY_SUFFIX.matcher(m.group()).replaceFirst(""));
            }
        }
        return names;
    }

    /** The dashboard's target expressions, then the rules' expressions. */
    public static List<String> expressions(Path k8sDir) {
        List<String> exprs = new ArrayList<>();
        try {
            collect(JsonMapper.builder().build().readTree(Files.readString(k8sDir.resolve(DASHBOARD))), exprs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode rule : Manifests.read(k8sDir.resolve(RULES))) {
            rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> exprs.add(r.path("expr").asString())));
        }
        return exprs;
    }

    private static void collect(JsonNode node, List<String> exprs) {
        if (node.isObject()) {
            node.forEachEntry((k, v) -> {
                if (k.equals("expr") && v.isString()) {
                    exprs.add(v.asString());
                } else {
                    collect(v, exprs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(v -> collect(v, exprs));
        }
    }
}
