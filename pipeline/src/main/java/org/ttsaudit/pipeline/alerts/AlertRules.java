package org.ttsaudit.pipeline.alerts;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * Thresholds and timing of the anomaly rules. A window breaches a rule when its value is above the
 * static warning level AND above the learned baseline by {@code baselineSigmas} standard
 * deviations, with at least {@code minRequests} requests in it; critical at the critical level.
 * The risk rule counts flagged requests, so it breaches at its levels, whatever the window's size.
 * The no-traffic rule breaches below {@code noTrafficRatio} of its baseline.
 */
public record AlertRules(double failureRateWarning, double failureRateCritical, double latencyP95WarningMs,
                         double latencyP95CriticalMs, long riskFlaggedWarning, long riskFlaggedCritical, long minRequests,
                         double noTrafficRatio, double baselineAlpha, double baselineSigmas,
                         Duration repeatInterval, Duration cooldown) implements Serializable {

    public static AlertRules from(Configuration c) {
        return new AlertRules(c.get(TtsOptions.ALERT_FAILURE_RATE_WARNING), c.get(TtsOptions.ALERT_FAILURE_RATE_CRITICAL),
                c.get(TtsOptions.ALERT_LATENCY_P95_WARNING_MS), c.get(TtsOptions.ALERT_LATENCY_P95_CRITICAL_MS),
                c.get(TtsOptions.ALERT_RISK_FLAGGED_WARNING), c.get(TtsOptions.ALERT_RISK_FLAGGED_CRITICAL),
                c.get(TtsOptions.ALERT_MIN_REQUESTS), c.get(TtsOptions.ALERT_NO_TRAFFIC_RATIO), c.get(TtsOptions.ALERT_BASELINE_ALPHA),
                c.get(TtsOptions.ALERT_BASELINE_SIGMAS), c.get(TtsOptions.ALERT_REPEAT_INTERVAL), c.get(TtsOptions.ALERT_COOLDOWN));
    }
}
