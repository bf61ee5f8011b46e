package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void shouldFindNothingWhereNothingCompleted() throws Exception {
        assertThat(Checkpoints.latest(dir.resolve("absent"))).isEmpty();
        Files.createDirectories(dir.resolve("job-a/chk-3")); // no _metadata: not complete
        assertThat(Checkpoints.latest(dir)).isEmpty();
    }

    @Test
    void shouldPickTheNewestCompleteCheckpointOrSavepoint() throws Exception {
        snapshot("job-a/chk-7", 1_000);
        snapshot("job-b/chk-2", 3_000);
        snapshot("savepoints/savepoint-1a2b", 2_000);
        assertThat(Checkpoints.latest(dir)).contains(dir.resolve("job-b/chk-2"));

        snapshot("savepoints/savepoint-3c4d", 4_000);
        assertThat(Checkpoints.latest(dir)).contains(dir.resolve("savepoints/savepoint-3c4d"));
    }

    @Test
    void shouldClaimARetainedCheckpointButNotASavepoint() {
        Configuration fromCheckpoint = Checkpoints.restoredFrom(new Configuration(), dir.resolve("job-a/chk-7"));
        assertThat(fromCheckpoint.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(dir.resolve("job-a/chk-7").toUri().toString());
        assertThat(fromCheckpoint.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
        Configuration fromSavepoint = Checkpoints.restoredFrom(new Configuration(), dir.resolve("savepoints/savepoint-1"));
        assertThat(fromSavepoint.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.NO_CLAIM);
    }

    private void snapshot(String path, long modifiedMillis) throws Exception {
        Path metadata = Files.createDirectories(dir.resolve(path)).resolve("_metadata");
        Files.write(metadata, new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }
}
