package org.ttsaudit.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The dashboard and the alerts watch what the issue asks for, and reach Grafana and Prometheus. */
class MonitoringTest {
    private static final String INFERENCE = "flink_taskmanager_job_task_operator_inference_";
    /** The job's histograms: the only metrics exported with a quantile label. */
    private static final Set<String> HISTOGRAMS = Set.of(INFERENCE + "batchSize", INFERENCE + "queueWaitMs", INFERENCE + "inferenceMs");

    @Test
    void theQueriesCoverBatchingLatencyFailuresLagCheckpointsAndRestarts() {
        assertThat(MonitoringQueries.metricNames(Manifests.k8s())).contains(
                INFERENCE + "batchSize", INFERENCE + "queueWaitMs", INFERENCE + "inferenceMs", INFERENCE + "inFlight",
                INFERENCE + "failedRequests", INFERENCE + "timeouts", INFERENCE + "requests",
                "flink_taskmanager_job_task_operator_pendingRecords",
                "flink_jobmanager_job_lastCheckpointDuration", "flink_jobmanager_job_numberOfCompletedCheckpoints",
                "flink_jobmanager_job_numberOfFailedCheckpoints", "flink_jobmanager_job_numRestarts");
    }

    @Test
    void summarySeriesAreNamedByTheirBase() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("k8s");
        Files.createDirectories(dir.resolve("base/monitoring"));
        Files.writeString(dir.resolve(MonitoringQueries.DASHBOARD), """
                {"panels": [{"targets": [{"expr": "rate(flink_x_batchSize_count[5m]) / rate(flink_x_batchSize_sum[5m])"}]}]}""");
        Files.writeString(dir.resolve(MonitoringQueries.RULES), """
                spec:
                  groups:
                    - rules:
                        - expr: max(flink_y_numRestarts{job_name="a"}) > 0
                """);
        assertThat(MonitoringQueries.metricNames(dir)).containsExactly("flink_x_batchSize", "flink_y_numRestarts");
    }

    @Test
    void quantilesAreAskedOnlyOfHistogramsAndEveryExpressionIsBalanced() {
        for (String expr : MonitoringQueries.expressions(Manifests.k8s())) {
            assertThat(expr).isNotBlank();
            assertThat(balanced(expr)).as(expr).isTrue();
            if (expr.contains("quantile")) {
                assertThat(HISTOGRAMS).as(expr).anySatisfy(h -> assertThat(expr).contains(h + "{"));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("org.ttsaudit.deploy.manifests.Manifests#KUSTOMIZATIONS")
    void grafanaLoadsTheDashboardAndPrometheusScrapesTheReportersPort(String kustomization) throws Exception {
        Deployment d = Deployment.of(kustomization);
        ObjectNode dashboard = Manifests.ofKind(d.objects(), "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("labels").path("grafana_dashboard").asString().equals("1"))
                .findFirst().orElseThrow();
        JsonNode json = JsonMapper.builder().build().readTree(dashboard.path("data").path("tts-dashboard.json").asString());
        assertThat(json.path("panels").size()).isGreaterThanOrEqualTo(8);

        ObjectNode podMonitor = Manifests.one(d.objects(), "PodMonitor");
        assertThat(podMonitor.path("spec").path("selector").path("matchLabels").path("app").asString())
                .as("the operator labels the job's pods app=<FlinkDeployment name>").isEqualTo(Manifests.name(d.flink()));
        String port = podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asString();
        List<JsonNode> ports = d.flink().path("spec").path("podTemplate").path("spec").path("containers").get(0)
                .path("ports").values().stream().toList();
        assertThat(ports).anySatisfy(p -> {
            assertThat(p.path("name").asString()).isEqualTo(port);
            assertThat(p.path("containerPort").asString()).isEqualTo(d.flinkConfiguration().path("metrics.reporter.prom.port").asString());
        });
        assertThat(d.flinkConfiguration().path("metrics.reporter.prom.factory.class").asString())
                .isEqualTo(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName());
        assertThat(Manifests.one(d.objects(), "PrometheusRule").path("spec").path("groups").get(0).path("rules").size())
                .isGreaterThanOrEqualTo(5);
    }

    private static boolean balanced(String expr) {
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                open.push(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                if (open.isEmpty() || "([{".indexOf(open.pop()) != ")]}".indexOf(c)) {
                    return false;
                }
            }
        }
        return open.isEmpty() && !quoted;
    }
}
