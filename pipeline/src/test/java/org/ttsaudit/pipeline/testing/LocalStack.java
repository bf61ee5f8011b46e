package org.ttsaudit.pipeline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.security.RefVault;
import org.ttsaudit.testing.Dirs;
import org.ttsaudit.testing.EmbeddedDatabase;
import org.ttsaudit.testing.EmbeddedKafka;
import org.ttsaudit.testing.SelfSignedTls;

/**
 * Everything the job needs on one machine: a Kafka broker with the topics, a MySQL-compatible
 * server with the migrations and roles applied, a voice directory, an audio store and a random
 * key for ref_audio_url made for this run, all under one working directory.
 */
public final class LocalStack implements AutoCloseable {
    public static final int REQUEST_PARTITIONS = 2;

    public final Path workDir;
    public final EmbeddedKafka kafka;
    public final EmbeddedDatabase mysql;

    private LocalStack(Path workDir, EmbeddedKafka kafka, EmbeddedDatabase mysql) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.mysql = mysql;
    }

    /** Starts fresh on MariaDB: whatever an earlier run left in {@code workDir} is removed first. */
    public static LocalStack start(Path workDir) throws Exception {
        return start(workDir, EmbeddedDatabase.Kind.MARIADB, null);
    }

    public static LocalStack start(Path workDir, EmbeddedDatabase.Kind database) throws Exception {
        return start(workDir, database, null);
    }

    /** The same, with a database server that offers TLS with {@code mysqlTls} (none when null). */
    public static LocalStack start(Path workDir, EmbeddedDatabase.Kind database, SelfSignedTls.ServerCertificate mysqlTls)
            throws Exception {
        Dirs.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
        EmbeddedDatabase mysql;
        try {
            Configuration defaults = new Configuration();
            kafka.createTopics(Map.of(
                    defaults.get(TtsOptions.TOPIC_REQUESTS), REQUEST_PARTITIONS,
                    defaults.get(TtsOptions.TOPIC_RESULTS), 1,
                    defaults.get(TtsOptions.TOPIC_DLQ), 1,
                    defaults.get(TtsOptions.TOPIC_ALERTS), 1));
            mysql = database.start(workDir.resolve("mysql"), mysqlTls);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        LocalStack stack = new LocalStack(workDir, kafka, mysql);
        try {
            MigratedDatabase.migrate(mysql);
            writeRefKey(stack.refKeyFile());
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Owner-only, like a mounted secret; a new key each run, since each run starts empty. */
    private static void writeRefKey(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(RefVault.newKey()));
    }

    /** The ref_audio_url key of this run (refaudio.key-file). */
    public Path refKeyFile() {
        return workDir.resolve("secrets").resolve("ref-audio.key");
    }

    public Path voiceDir() {
        return workDir.resolve("voices");
    }

    public Path checkpointDir() {
        return workDir.resolve("checkpoints");
    }

    public Path audioDir() {
        return workDir.resolve("audio");
    }

    /** The job's configuration against this stack; the job writes as the least-privileged user. */
    public Configuration jobConfiguration() {
        Configuration config = new Configuration();
        config.set(TtsOptions.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        config.set(TtsOptions.MYSQL_URL, mysql.url());
        config.set(TtsOptions.MYSQL_USER, EmbeddedDatabase.WRITER);
        config.set(TtsOptions.MYSQL_PASSWORD, mysql.writerPassword());
        config.set(TtsOptions.AUDIO_STORE, audioDir().toUri().toString());
        config.set(TtsOptions.REF_FILE_ROOT, voiceDir().toString());
        config.set(TtsOptions.REF_KEY_FILE, refKeyFile().toString());
        config.set(TtsOptions.CHECKPOINT_MS, 2000L);
        config.set(TtsOptions.CHECKPOINT_DIR, checkpointDir().toString());
        return config;
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            mysql.close();
        }
    }
}
