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
    },
    /** Requests whose raw text matched a risk rule: a count, so it fires at its level and needs no minimum window size. */
    RISK_FLAGGED {
        @Override
        Double value(FailureWindowRow row) {
            return (double) row.riskFlagged;
        }

        @Override
        double warning(AlertRules r) {
            return r.riskFlaggedWarning();
        }

        @Override
        double critical(AlertRules r) {
            return r.riskFlaggedCritical();
        }

        @Override
        String format(double v) {
            return String.format(Locale.ROOT, "%.0f flagged requests", v);
        }

        @Override
        boolean breaches(double value, double threshold) {
            return value >= threshold;
        }

        @Override
        boolean needsMinRequests() {
            return false;
        }
    };

    /** Null when the window says nothing about this rule (no successful request to time). */
    abstract Double value(FailureWindowRow row);

    abstract double warning(AlertRules rules);

    abstract double critical(AlertRules rules);

    abstract String format(double value);

    /** Rates and latencies breach above their threshold. */
    boolean breaches(double value, double threshold) {
        return value > threshold;
    }

    /** Whether a window with fewer than alerts.min-requests requests is too little evidence for this rule. */
    boolean needsMinRequests() {
        return true;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
