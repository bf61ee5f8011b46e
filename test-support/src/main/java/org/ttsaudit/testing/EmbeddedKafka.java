package org.ttsaudit.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka broker in this process, on a free loopback port. */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start(Path baseDir) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDir)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        quietly(cluster::format);
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    /** Kafka's formatter prints its metadata to standard output; the local run keeps that clean. */
    private static void quietly(ThrowingRunnable step) throws Exception {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            step.run();
        } finally {
            System.setOut(out);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            admin.createTopics(topics).all().get();
        }
    }

    /**
     * Shuts the broker down, keeps it down for {@code down}, and starts it again on the same port
     * and logs; the KRaft controller stays up, as in a rolling restart.
     */
    public void restartBroker(java.time.Duration down) throws Exception {
        for (var broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
            Thread.sleep(down.toMillis());
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
