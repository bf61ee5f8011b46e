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
    },
    /**
     * Requests over all modes far below the learned baseline, zero included: the worst outage is
     * the one in which nothing arrives at all. Watches the totals of {@link TrafficTotals}, which
     * exist for empty windows too; a baseline below alerts.min-requests is too quiet to judge.
     */
    NO_TRAFFIC {
        @Override
        boolean watches(FailureWindowRow row) {
            return TrafficTotals.ALL.equals(row.mode);
        }

        @Override
        Double value(FailureWindowRow row) {
            return (double) row.requests;
        }

        @Override
        double threshold(AlertRules r, RuleState state) {
            return state.baselineKnown() && state.ewma >= r.minRequests() ? state.ewma * r.noTrafficRatio()
                    : Double.NEGATIVE_INFINITY;
        }

        @Override
        boolean breaches(double value, double threshold) {
            return value < threshold;
        }

        @Override
        String severity(double value, AlertRules r) {
            return value == 0 ? "critical" : "warning";
        }

        @Override
        String relation(double value, double threshold) {
            return "below ";
        }

        @Override
        double warning(AlertRules r) {
            throw new UnsupportedOperationException("no_traffic has a threshold from its baseline only");
        }

        @Override
        double critical(AlertRules r) {
            throw new UnsupportedOperationException("no_traffic is critical at zero requests");
        }

        @Override
        String format(double v) {
            return String.format(Locale.ROOT, "%.1f requests", v);
        }

        @Override
        boolean needsMinRequests() {
            return false;
        }
    };

    /** Whether this rule looks at the row: the per-mode rules at the modes' rows, not at the totals. */
    boolean watches(FailureWindowRow row) {
        return !TrafficTotals.ALL.equals(row.mode);
    }

    /** The static warning level, raised to the baseline plus its margin once a baseline is known. */
    double threshold(AlertRules r, RuleState state) {
        double threshold = warning(r);
        return state.baselineKnown() ? Math.max(threshold, state.ewma + r.baselineSigmas() * Math.sqrt(state.ewVariance))
                : threshold;
    }

    String severity(double value, AlertRules r) {
        return value >= critical(r) ? "critical" : "warning";
    }

    /** How a breaching value stands to the threshold, for the message. */
    String relation(double value, double threshold) {
        return value > threshold ? "above " : "at ";
    }

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
