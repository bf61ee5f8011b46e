package org.ttsaudit.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image cannot be built here (no container engine), so its recipe is checked instead: the
 * Flink of the pom, the jars where Flink loads them, the S3 plugin, and pinned CUDA 12 / cuDNN 9
 * runtime libraries for ONNX Runtime GPU.
 */
class DockerfileTest {
    private final Dockerfile docker = Dockerfile.read();

    @Test
    void startsFromTheOfficialImageOfThePomsFlink() {
        assertThat(docker.from()).isEqualTo("flink:" + System.getProperty("flink.version") + "-java17");
    }

    @Test
    void onnxRuntimeGoesIntoLibAndTheJobJarIntoUsrlib() {
        assertThat(docker.copies())
                .containsEntry("pipeline/target/flink-lib/onnxruntime_gpu-" + System.getProperty("onnxruntime.version") + ".jar",
                        "/opt/flink/lib/")
                .containsValue("/opt/flink/usrlib/tts-pipeline-job.jar");
    }

    @Test
    void enablesTheS3PluginAndChecksThePrometheusReporter() {
        assertThat(docker.run())
                .containsPattern("cp /opt/flink/opt/flink-s3-fs-(hadoop|presto)-\\*\\.jar /opt/flink/plugins/[\\w-]+/")
                .contains("/opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-");
    }

    @Test
    void installsPinnedCuda12AndCudnn9Libraries() {
        String run = docker.run();
        assertThat(run).contains("cuda-keyring_");
        String cuda = version(run, "cuda-cudart-12-(\\d+)");
        for (String library : new String[] {"cuda-cudart", "libcublas", "libcurand", "libcufft"}) {
            assertThat(version(run, library + "-12-" + cuda + "=([\\w.~+-]+)")).as(library).isNotBlank();
        }
        assertThat(version(run, "cuda-cudart-12-" + cuda + "=([\\w.~+-]+)")).startsWith("12." + cuda + ".");
        assertThat(version(run, "libcudnn9-cuda-12=([\\w.~+-]+)")).startsWith("9.");
        assertThat(docker.all("ENV")).anySatisfy(env -> assertThat(env)
                .startsWith("LD_LIBRARY_PATH=").contains("/usr/local/cuda-12." + cuda + "/"));
    }

    /** A Piper voice's front end calls the espeak-ng library (JNA finds libespeak-ng.so.1). */
    @Test
    void installsTheEspeakNgLibrary() {
        assertThat(docker.run()).containsPattern("install [^;]*\\blibespeak-ng1\\b");
    }

    private static String version(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in the Dockerfile's RUN instructions").isTrue();
        return m.group(1);
    }
}
