package org.ttsaudit.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster of separate processes, as {@code bin/start-cluster.sh} starts
 * one: a {@code StandaloneSessionClusterEntrypoint} JVM and {@code TaskManagerRunner} JVMs, on the
 * class path of a Flink distribution's lib/ (this module's compile scope, written by the build to
 * {@code target/flink-lib.classpath}), configured by a {@code config.yaml}. Each process reports its
 * metrics through Flink's Prometheus reporter on a port of its own. Jobs go in through the REST API,
 * as {@code flink run} or a web UI upload would send them.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Flink's own config.yaml passes to every JVM on Java 17 (env.java.opts.all). */
    private static final List<String> JAVA_OPENS = List.of("java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch",
            "java.lang.reflect", "java.text", "java.time", "java.util", "java.util.concurrent",
            "java.util.concurrent.atomic", "java.util.concurrent.locks");

    private final Path dir;
    private final String classPath;
    private final int restPort;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> metricPorts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandaloneCluster(Path dir, String classPath, int restPort) {
        this.dir = dir;
        this.classPath = classPath;
        this.restPort = restPort;
    }

    /**
     * Writes {@code dir/conf/config.yaml} from {@code config} plus the addresses and ports of this
     * machine, starts the JobManager and {@code taskManagers} TaskManagers (named tm-1, tm-2, ...),
     * and waits until all have registered.
     */
    static StandaloneCluster start(Path dir, Path libClassPathFile, Map<String, String> config, int taskManagers)
            throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("jobmanager.rpc.address", "localhost");
        all.put("jobmanager.rpc.port", String.valueOf(freePort()));
        all.put("jobmanager.bind-host", "localhost");
        all.put("taskmanager.host", "localhost");
        all.put("taskmanager.bind-host", "localhost");
        all.put("rest.address", "localhost");
        all.put("rest.bind-address", "localhost");
        int restPort = freePort();
        all.put("rest.port", String.valueOf(restPort));
        all.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        all.putAll(config);
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
            yaml.append(e.getKey()).append(": ").append(JSON.writeValueAsString(e.getValue())).append('\n');
        }
        Files.writeString(dir.resolve("conf").resolve("config.yaml"), yaml);
        Files.writeString(dir.resolve("conf").resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = file
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """);

        StandaloneCluster cluster = new StandaloneCluster(dir, Files.readString(libClassPathFile).trim(), restPort);
        try {
            cluster.launch("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    List.of("-Xmx768m"), List.of());
            for (int i = 1; i <= taskManagers; i++) {
                cluster.startTaskManager("tm-" + i);
            }
            cluster.awaitTaskManagers(taskManagers);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * A TaskManager process named {@code name}, its resource id too; returns once launched. Its JVM
     * sizes and memory settings are what {@code bin/taskmanager.sh} derives from the configuration
     * (through Flink's BashJavaUtils), computed here with the same Flink classes.
     */
    void startTaskManager(String name) throws IOException {
        Configuration config = GlobalConfiguration.loadConfiguration(dir.resolve("conf").toAbsolutePath().toString());
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
        List<String> args = new ArrayList<>(List.of("-D", "taskmanager.resource-id=" + name));
        args.addAll(List.of(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
        launch(name, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")), args);
    }

    private void launch(String name, String mainClass, List<String> jvmSizes, List<String> args) throws IOException {
        int metricPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmSizes);
        JAVA_OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        Path log = dir.resolve("log").resolve(name + ".log");
        Files.createDirectories(tmpDirOf(name));
        command.addAll(List.of("-Dlog.file=" + log.toAbsolutePath(), "-Djava.io.tmpdir=" + tmpDirOf(name).toAbsolutePath(),
                "-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties").toAbsolutePath().toUri(),
                "-cp", classPath, mainClass, "--configDir", dir.resolve("conf").toAbsolutePath().toString(),
                "-D", "metrics.reporter.prom.port=" + metricPort));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(name + ".out").toFile()).start();
        processes.put(name, process);
        metricPorts.put(name, metricPort);
    }

    /** SIGKILL, as a node failure or the OOM killer would end it: no shutdown hooks, nothing flushed. */
    void kill(String name) throws InterruptedException {
        Process process = processes.get(name);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void awaitTaskManagers(int count) throws Exception {
        await("TaskManagers registered: " + count, Duration.ofMinutes(2),
                () -> get("/taskmanagers").get("taskmanagers").size() == count);
    }

    /** Uploads a job jar, as {@code flink run} and the web UI do; returns its id on the JobManager. */
    String upload(Path jar) throws Exception {
        String boundary = "tts-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(2)).build();
        String filename = send(request).get("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar's {@code entryClass} with {@code args} at {@code parallelism}, from
     * {@code savepoint} when not null; the job id.
     */
    String run(String jarId, String entryClass, List<String> args, int parallelism, String savepoint) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("entryClass", entryClass).put("parallelism", parallelism);
        args.forEach(body.putArray("programArgsList")::add);
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
        }
        return send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(Duration.ofMinutes(2)).build()).get("jobid").asText();
    }

    void cancel(String jobId) throws Exception {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
        await("job " + jobId + " canceled", Duration.ofMinutes(1), () -> "CANCELED".equals(job(jobId).get("state").asText()));
    }

    /**
     * Stops the job with a savepoint in {@code directory}, as an upgrade does (the operator's
     * upgradeMode savepoint, {@code flink stop}); returns the savepoint's path once the job has ended.
     */
    String stopWithSavepoint(String jobId, Path directory) throws Exception {
        String trigger = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("targetDirectory", directory.toUri().toString()).put("drain", false).toString()))
                .build()).get("request-id").asText();
        String[] location = new String[1];
        await("savepoint of " + jobId, Duration.ofMinutes(1), () -> {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (!"COMPLETED".equals(status.get("status").get("id").asText())) {
                return false;
            }
            JsonNode operation = status.get("operation");
            if (operation.has("failure-cause")) {
                throw new AssertionError("stop with savepoint failed: " + operation.get("failure-cause"));
            }
            location[0] = operation.get("location").asText();
            return true;
        });
        await("job " + jobId + " ended", Duration.ofMinutes(1), () -> "FINISHED".equals(job(jobId).get("state").asText()));
        return location[0];
    }

    JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** Running, with every task of every vertex running: a restarted job is back only then. */
    boolean running(String jobId) {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.get("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.get("vertices")) {
            if (!"RUNNING".equals(vertex.get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The parallelism of each vertex, by vertex name. */
    Map<String, Integer> parallelism(String jobId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        job(jobId).get("vertices").forEach(v -> out.put(v.get("name").asText(), v.get("parallelism").asInt()));
        return out;
    }

    /** The TaskManagers that run at least one of the job's tasks. */
    Set<String> taskManagersOf(String jobId) {
        Set<String> out = new TreeSet<>();
        for (JsonNode vertex : job(jobId).get("vertices")) {
            get("/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/taskmanagers").get("taskmanagers")
                    .forEach(tm -> out.add(tm.get("taskmanager-id").asText()));
        }
        return out;
    }

    long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").get("counts").get("completed").asLong();
    }

    /** The names of the metrics a process's Prometheus reporter serves now. */
    Set<String> prometheusMetricNames(String process) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + metricPorts.get(process) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Set<String> names = new TreeSet<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** The process's java.io.tmpdir, where native libraries packed in jars are extracted to be loaded. */
    Path tmpDirOf(String process) {
        return dir.resolve("tmp").resolve(process);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the REST endpoint or the job is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + restPort + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.values()) {
            process.destroyForcibly();
        }
        for (Process process : processes.values()) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
