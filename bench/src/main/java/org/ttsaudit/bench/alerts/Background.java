package org.ttsaudit.bench.alerts;

import java.util.function.IntFunction;
import org.ttsaudit.bench.endtoend.PacedProducer;
import org.ttsaudit.pipeline.generator.GeneratedRequest;

/** Normal traffic at a steady rate on its own thread, a second at a time, until closed. */
final class Background implements AutoCloseable {
    private final PacedProducer producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    Background(PacedProducer producer, IntFunction<GeneratedRequest> requests, double rate) {
        this.producer = producer;
        this.thread = new Thread(() -> {
            int sent = 0;
            try {
                while (running) {
                    int base = sent;
                    sent += producer.sendFor(1, rate, i -> requests.apply(base + i)).requests();
                }
            } catch (Exception e) {
                failure = e;
            }
        }, "bench-background-traffic");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Throws what stopped the traffic, if anything did. */
    void check() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        producer.close();
    }
}
