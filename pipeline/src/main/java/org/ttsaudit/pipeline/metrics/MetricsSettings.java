package org.ttsaudit.pipeline.metrics;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;

/** Window size, how out of order events may arrive, how late they may still update a window. */
public record MetricsSettings(Duration window, Duration outOfOrderness, Duration allowedLateness, Duration idleTimeout)
        implements Serializable {

    public static MetricsSettings from(Configuration config) {
        return new MetricsSettings(config.get(TtsOptions.METRICS_WINDOW), config.get(TtsOptions.METRICS_OUT_OF_ORDERNESS),
                config.get(TtsOptions.METRICS_ALLOWED_LATENESS), config.get(TtsOptions.METRICS_IDLE_TIMEOUT));
    }
}
