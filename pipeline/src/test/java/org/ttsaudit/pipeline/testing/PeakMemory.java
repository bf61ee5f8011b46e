package org.ttsaudit.pipeline.testing;

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
 * <p>Also the live heap's peak: the heap in use after each full collection, which a daemon thread
 * asks for every {@value #FULL_GC_EVERY_MS} ms. It is the highest of those readings, so a lower
 * bound of the true peak. Young collections' readings are left out: they keep the old generation's
 * garbage, and after the other tests of a class had run they read 1,070 MB where full ones read less.
 */
public final class PeakMemory implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long FULL_GC_EVERY_MS = 1000;

    private final long liveBaseline;
    private final AtomicLong livePeak;
    private final List<Runnable> listening = new ArrayList<>();
    private final Thread collecting;

    private PeakMemory() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        liveBaseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        livePeak = new AtomicLong(liveBaseline);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) collector;
            NotificationListener listener = (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (info.getGcAction().contains("major")) {
                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
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
        collecting = new Thread(this::collect, "peak-memory-gc");
        collecting.setDaemon(true);
        collecting.start();
    }

    private void collect() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(FULL_GC_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
        }
    }

    /** The live heap's peak above what was live at the start, in MB (see the class comment). */
    public long livePeakAboveStartMb() {
        return (livePeak.get() - liveBaseline) >> 20;
    }

    @Override
    public void close() throws InterruptedException {
        collecting.interrupt();
        collecting.join();
        listening.forEach(Runnable::run);
    }

    public static PeakMemory start() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: only the heap's peak is reported.
        }
        return new PeakMemory();
    }

    public String report() {
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
