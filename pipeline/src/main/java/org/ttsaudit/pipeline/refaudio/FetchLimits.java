package org.ttsaudit.pipeline.refaudio;

import java.io.Serializable;

/**
 * Time limits of one http(s) reference fetch: to connect, between two reads, and for the whole
 * fetch with its redirects, so a server that dribbles bytes cannot hold a synthesis batch.
 */
public record FetchLimits(long connectTimeoutMs, long readTimeoutMs, long totalTimeoutMs) implements Serializable {
    public static final FetchLimits DEFAULTS = new FetchLimits(2_000, 5_000, 10_000);

    public FetchLimits {
        if (connectTimeoutMs <= 0 || readTimeoutMs <= 0 || totalTimeoutMs <= 0) {
            throw new IllegalArgumentException("reference fetch timeouts must be positive");
        }
    }
}
