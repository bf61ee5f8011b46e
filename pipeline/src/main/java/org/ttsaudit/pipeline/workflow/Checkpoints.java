package org.ttsaudit.pipeline.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

/**
 * The snapshots {@code ./tts run} may resume from under {@code checkpoint.dir}: retained
 * checkpoints ({@code <job id>/chk-<n>/_metadata}) and savepoints written there by
 * {@code ./tts stop} ({@code savepoints/savepoint-<id>/_metadata}). The newest complete one wins; a
 * snapshot counts as complete once its {@code _metadata} is written, which Flink does last.
 */
public final class Checkpoints {
    private static final String METADATA = "_metadata";

    private Checkpoints() {}

    /**
     * The newest complete checkpoint or savepoint under {@code dir}, if any. A running job deletes
     * the checkpoints a newer one subsumes: one that goes while it is looked at is passed over.
     */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.find(dir, 3, (path, attributes) -> path.getFileName().toString().equals(METADATA))) {
                return files.max(Comparator.comparing(Checkpoints::modified)).map(Path::getParent);
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("cannot look for checkpoints in " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Where savepoints go when {@code ./tts stop} is given no directory: where {@link #latest} finds them. */
    public static Path savepointDir(Path checkpointDir) {
        return checkpointDir.resolve("savepoints");
    }

    /**
     * {@code config} restored from {@code snapshot}. A retained checkpoint is claimed, so Flink
     * deletes it once a newer one is complete; a savepoint stays the user's.
     */
    public static Configuration restoredFrom(Configuration config, Path snapshot) {
        Configuration restored = new Configuration(config);
        restored.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot.toAbsolutePath().toUri().toString());
        boolean checkpoint = snapshot.getFileName().toString().startsWith("chk-");
        restored.set(StateRecoveryOptions.RESTORE_MODE, checkpoint ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
        return restored;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
