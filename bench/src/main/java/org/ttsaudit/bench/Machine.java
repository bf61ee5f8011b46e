package org.ttsaudit.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.ttsaudit.inference.onnx.DeviceSelector;

/** The machine and software the figures were measured on, read from the system rather than assumed. */
public final class Machine {
    private Machine() {}

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")));
        m.put("cores", Runtime.getRuntime().availableProcessors() + " (as the JVM sees them)");
        m.put("memory", procLine("/proc/meminfo", "MemTotal").map(Machine::gib).orElse("unknown"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        m.put("Flink", EnvironmentInformation.getVersion());
        m.put("ONNX Runtime", OrtEnvironment.getEnvironment().getVersion());
        m.put("GPU", DeviceSelector.cudaAvailable() ? "CUDA provider loaded"
                : "none usable: the ONNX Runtime CUDA provider did not load, so every inference figure is CPU");
        return m;
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String gib(String memTotal) {
        long kib = Long.parseLong(memTotal.replaceAll("[^0-9]", ""));
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }
}
