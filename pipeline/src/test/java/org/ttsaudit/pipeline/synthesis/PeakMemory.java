package org.ttsaudit.pipeline.synthesis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this process from a starting point: the Java heap's (the audio arrays) and the
 * resident set's, which also counts ONNX Runtime's native buffers. Linux resets the resident peak
 * on a write of 5 to clear_refs; elsewhere it reads as unknown.
 */
final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    static PeakMemory start() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: only the heap's peak is reported.
        }
        return new PeakMemory();
    }

    String report() {
        long heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return String.format("peak heap %d MB (sum of pool peaks), peak resident %s", heap >> 20, residentPeak());
    }

    private static String residentPeak() {
        try {
            return Files.readAllLines(STATUS).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) >> 10) + " MB").findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
