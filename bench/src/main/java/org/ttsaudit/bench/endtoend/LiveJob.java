package org.ttsaudit.bench.endtoend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * The job as {@code ./tts local} runs it, for the suites that drive the whole pipeline: in-process
 * Kafka and MariaDB ({@link LocalStack}), the generator's reference voices, and TtsJob with the
 * stack's configuration on a local MiniCluster in this JVM, plus whatever a suite changes in it.
 */
public final class LiveJob implements AutoCloseable {
    public final LocalStack stack;
    public final Configuration config;
    private final JobClient job;

    private LiveJob(LocalStack stack, Configuration config, JobClient job) {
        this.stack = stack;
        this.config = config;
        this.job = job;
    }

    /** {@code tune} changes the job's configuration before it starts (nothing, for the job's defaults). */
    public static LiveJob start(Path dir, Consumer<Configuration> tune) throws Exception {
        LocalStack stack = LocalStack.start(dir);
        try {
            new RequestGenerator(1, stack.voiceDir(), "voices").writeVoices();
            Configuration config = stack.jobConfiguration();
            tune.accept(config);
            return new LiveJob(stack, config, TtsJob.start(config));
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    public Path voices() {
        return stack.voiceDir();
    }

    /** A producer into the job's request topic. */
    public PacedProducer producer() {
        return producer(Duration.ZERO);
    }

    /** A producer whose requests seem to have entered the topic {@code backdate} before they were sent. */
    public PacedProducer producer(Duration backdate) {
        return new PacedProducer(stack.kafka.bootstrapServers(), config.get(TtsOptions.TOPIC_REQUESTS), backdate.toMillis());
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get();
        } finally {
            stack.close();
        }
    }
}
