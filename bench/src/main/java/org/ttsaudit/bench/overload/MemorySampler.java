package org.ttsaudit.bench.overload;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Once a second, this JVM's heap in use (MemoryMXBean) and its resident set (VmRSS from
 * /proc/self/status: heap, ONNX Runtime's native memory, thread stacks, the in-process Kafka
 * broker and Flink MiniCluster included; the database server is another process). Every
 * {@code gcEvery}-th sample first runs a full GC and takes the heap it left: what is still
 * reachable. Heap in use between collections climbs and drops with the collector's own rhythm
 * and says little about a leak.
 */
final class MemorySampler implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /**
     * One sample; {@code liveHeap} is NaN unless a full GC ran just before it. Bytes, epoch ms.
     * {@code heapCommitted} is what the collector holds from the OS for the heap, part of the RSS.
     */
    record Sample(long at, double heapUsed, double liveHeap, double heapCommitted, double rss) {
        /** The resident set beyond the committed heap: native memory (ONNX Runtime, threads, code, metaspace). */
        double rssBeyondHeap() {
            return rss - heapCommitted;
        }
    }

    private final int gcEvery;
    private final List<Sample> samples;
    private final Thread thread;
    private volatile boolean running = true;
    private long gcNanos;
    private int gcs;

    MemorySampler(int gcEvery, int expectedSamples) {
        this.gcEvery = gcEvery;
        this.samples = new ArrayList<>(expectedSamples);
        this.thread = new Thread(this::loop, "bench-memory-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long next = System.currentTimeMillis();
        for (int i = 0; running; i++) {
            double live = Double.NaN;
            if (i % gcEvery == 0) {
                long start = System.nanoTime();
                System.gc();
                synchronized (this) {
                    gcNanos += System.nanoTime() - start;
                    gcs++;
                }
                live = afterLastGc();
            }
            MemoryUsage heap = MEMORY.getHeapMemoryUsage();
            Sample s = new Sample(System.currentTimeMillis(), heap.getUsed(), live, heap.getCommitted(), rss());
            synchronized (this) {
                samples.add(s);
            }
            next += 1000;
            try {
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Mean time one forced full GC took (all threads stopped), in ms. */
    synchronized double meanGcMillis() {
        return gcs == 0 ? Double.NaN : gcNanos / 1e6 / gcs;
    }

    /**
     * The heap as the last collection left it, pool by pool. Heap in use read just after
     * System.gc() returns is not that: every running thread has already taken a fresh allocation
     * buffer, which counts as used (tens of MiB here, with the MiniCluster's many threads).
     */
    private static double afterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            used += after == null ? 0 : after.getUsed();
        }
        return used;
    }

    /** VmRSS in bytes, or NaN where /proc is not there. */
    static double rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: no resident-set figure.
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
