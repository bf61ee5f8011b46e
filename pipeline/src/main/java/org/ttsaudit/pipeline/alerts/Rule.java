package org.ttsaudit.pipeline.alerts;

import java.util.Locale;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/** What each rule watches in a window row, and its static levels. */
enum Rule {
    FAILURE_RATE {
        @Override
        Double value(FailureWindowRow row) {
            return row.failureRate;
        }

        @Override
        double warning(AlertRules r) {
            return r.failureRateWarning();
        }

        @Override
        double critical(AlertRules r) {
            return r.failureRateCritical();
        }

        @Override
        String format(double v) {
            return String.format(Locale.ROOT, "%.1f%%", v * 100);
        }
    },
    LATENCY_P95 {
        @Override
        Double value(FailureWindowRow row) {
            return row.latencyP95Ms == null ? null : row.latencyP95Ms.doubleValue();
        }

        @Override
        double warning(AlertRules r) {
            return r.latencyP95WarningMs();
        }

        @Override
        double critical(AlertRules r) {
            return r.latencyP95CriticalMs();
        }

        @Override
        String format(double v) {
            return String.format(Locale.ROOT, "%.0f ms", v);
        }
    };

    /** Null when the window says nothing about this rule (no successful request to time). */
    abstract Double value(FailureWindowRow row);

    abstract double warning(AlertRules rules);

    abstract double critical(AlertRules rules);

    abstract String format(double value);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
