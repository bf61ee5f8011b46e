package org.ttsaudit.pipeline.synthesis;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Writes WAV files under {@code audio.store} through Flink's FileSystem, so the same code writes
 * to a local directory or an object store. One file per request id and day: a replayed request
 * overwrites its own file instead of adding one.
 */
public final class AudioStore {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private final String base;

    public AudioStore(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Stores the clip and returns its URI. Request ids are validated to be path-safe. */
    public String write(String requestId, long eventTime, byte[] wav) throws IOException {
        Path path = new Path(base + "/" + DAY.format(Instant.ofEpochMilli(eventTime)) + "/" + requestId.replace(':', '_') + ".wav");
        FileSystem fs = path.getFileSystem();
        try (FSDataOutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(wav);
        }
        return path.toUri().toString();
    }
}
