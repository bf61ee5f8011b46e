package org.ttsaudit.pipeline.synthesis;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak memory of this process from a starting point: the Java heap's (the audio arrays) and the
 * resident set's, which also counts ONNX Runtime's native buffers. Linux resets the resident peak
 * on a write of 5 to clear_refs; elsewhere it reads as unknown.
 *
 * <p>Also the live heap's peak: the heap in use after each collection, garbage left out. It is read
 * at collections only, so it is the highest of those readings; the audio arrays are humongous
 * objects to G1, which frees them at the next young collection once they are dropped.
 */
final class PeakMemory implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final long liveBaseline;
    private final AtomicLong livePeak;
    private final List<Runnable> listening = new ArrayList<>();

    private PeakMemory() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        liveBaseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        livePeak = new AtomicLong(liveBaseline);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) collector;
            NotificationListener listener = (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    long after = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                            .getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    livePeak.accumulateAndGet(after, Math::max);
                }
            };
            emitter.addNotificationListener(listener, null, null);
            listening.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    // already gone
                }
            });
        }
    }

    /** The live heap's peak above what was live at the start, in MB (see the class comment). */
    long livePeakAboveStartMb() {
        return (livePeak.get() - liveBaseline) >> 20;
    }

    @Override
    public void close() {
        listening.forEach(Runnable::run);
    }

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
        return String.format("peak heap %d MB (sum of pool peaks), live heap's peak %d MB above the start, peak resident %s",
                heap >> 20, livePeakAboveStartMb(), residentPeak());
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
