package org.ttsaudit.pipeline.alerts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/**
 * Failure-rate, latency and risk-flag rules over the per-mode window rows, and the no-traffic rule
 * over the totals of all modes ({@link TrafficTotals}), keyed by mode (or "all"), with
 * Alertmanager's episode semantics: the first breaching window fires an alert once; while it keeps
 * breaching, a notice is repeated only every repeat interval (or when it turns critical); the first
 * normal window resolves it. A breach within the cool-down after a resolve reopens the same episode
 * instead of paging again, so a flapping signal makes one alert. The baseline (EWMA of mean and
 * variance) learns only from normal windows, so a spike does not teach the detector that spikes are
 * normal. Windows re-fired by late records are ignored: the episode was decided on the first result.
 */
public class AlertDetector extends KeyedProcessFunction<String, FailureWindowRow, AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    private final AlertRules rules;
    private transient Map<Rule, ValueState<RuleState>> states;

    public AlertDetector(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        states = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            states.put(rule, getRuntimeContext().getState(new ValueStateDescriptor<>(rule.label(), RuleState.class)));
        }
    }

    @Override
    public void processElement(FailureWindowRow row, Context ctx, Collector<AlertEvent> out) throws Exception {
        for (Rule rule : Rule.values()) {
            ValueState<RuleState> handle = states.get(rule);
            RuleState state = handle.value() == null ? new RuleState() : handle.value();
            if (row.windowStart > state.lastWindowStart) {
                state.lastWindowStart = row.windowStart;
                evaluate(rule, row, state, out);
                handle.update(state);
            }
        }
    }

    private void evaluate(Rule rule, FailureWindowRow row, RuleState state, Collector<AlertEvent> out) {
        Double value = rule.watches(row) ? rule.value(row) : null;
        if (value == null || rule.needsMinRequests() && row.requests < rules.minRequests()) {
            return; // too little evidence either way: neither fire nor resolve
        }
        double threshold = rule.threshold(rules, state);
        if (!rule.breaches(value, threshold)) {
            state.learn(value, rules.baselineAlpha());
            if (state.firing) {
                state.firing = false;
                state.lastResolvedAt = row.windowEnd;
                out.collect(event(rule, row, state, value, RESOLVED));
            }
            return;
        }
        String severity = rule.severity(value, rules);
        boolean escalated = state.firing && "critical".equals(severity) && !"critical".equals(state.severity);
        if (!state.firing) {
            boolean reopen = state.alertId != null && state.lastResolvedAt != null
                    && row.windowEnd - state.lastResolvedAt < rules.cooldown().toMillis();
            state.firing = true;
            if (!reopen) {
                state.alertId = rule.label() + "/" + row.mode + "/" + Instant.ofEpochMilli(row.windowStart);
                state.episodeWindowStart = row.windowStart;
                state.firedAt = row.windowEnd;
                state.baselineAtFire = state.ewma;
                state.baselineKnownAtFire = state.baselineKnown();
                state.notifications = 0;
                state.severity = severity;
            }
        } else if (!escalated && row.windowEnd - state.lastNotified < rules.repeatInterval().toMillis()) {
            return; // still firing, already told recently
        }
        state.severity = "critical".equals(severity) ? severity : state.severity;
        state.threshold = threshold;
        state.notifications++;
        state.lastNotified = row.windowEnd;
        out.collect(event(rule, row, state, value, FIRING));
    }

    private AlertEvent event(Rule rule, FailureWindowRow row, RuleState state, double value, String status) {
        AlertEvent e = new AlertEvent();
        e.alertId = state.alertId;
        e.rule = rule.label();
        e.dimension = row.mode;
        e.severity = state.severity;
        e.state = status;
        e.observed = value;
        e.baseline = state.baselineKnownAtFire ? state.baselineAtFire : null;
        e.threshold = state.threshold;
        e.windowStart = state.episodeWindowStart;
        e.windowEnd = row.windowEnd;
        e.firedAt = state.firedAt;
        e.resolvedAt = RESOLVED.equals(status) ? state.lastResolvedAt : null;
        e.notifications = state.notifications;
        e.message = (RESOLVED.equals(status)
                ? rule.label() + " in mode " + row.mode + " back to " + rule.format(value)
                : rule.label() + " in mode " + row.mode + " is " + rule.format(value) + ", "
                        + rule.relation(value, state.threshold) + rule.format(state.threshold))
                + " (window ending " + Instant.ofEpochMilli(row.windowEnd) + ")";
        e.updatedAt = System.currentTimeMillis();
        return e;
    }
}
