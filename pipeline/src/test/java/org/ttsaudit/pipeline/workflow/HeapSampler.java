package org.ttsaudit.pipeline.workflow;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples this JVM's heap in use (the MiniCluster runs in it) every few milliseconds from a daemon
 * thread, after full collections set the baseline. The peak counts garbage not yet collected too:
 * it is what the heap must have room for.
 */
final class HeapSampler implements AutoCloseable {
    private static final long SAMPLE_MS = 10;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsed;

    private HeapSampler() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        baseline = MEMORY.getHeapMemoryUsage().getUsed();
        peakUsed = baseline;
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static HeapSampler start() throws InterruptedException {
        return new HeapSampler();
    }

    private void sample() {
        while (running) {
            peakUsed = Math.max(peakUsed, MEMORY.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Peak heap in use above the baseline, in MB. */
    long peakDeltaMb() {
        return (peakUsed - baseline) >> 20;
    }

    long baselineMb() {
        return baseline >> 20;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
