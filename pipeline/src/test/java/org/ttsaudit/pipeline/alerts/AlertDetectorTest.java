package org.ttsaudit.pipeline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.records.AlertEvent;
import org.ttsaudit.pipeline.records.FailureWindowRow;

/**
 * One-minute windows of mode "free"; warning at 10 %, critical at 50 %, at least 10 requests; risk
 * flags: warning at 3 flagged requests, critical at 8; no traffic below a tenth of the baseline.
 */
class AlertDetectorTest {
    private static final long MINUTE = 60_000;
    private static final AlertRules RULES = new AlertRules(0.10, 0.50, 10_000, 30_000, 3, 8, 10, 0.1, 0.3, 3.0,
            Duration.ofMinutes(10), Duration.ofMinutes(3));

    private KeyedOneInputStreamOperatorTestHarness<String, FailureWindowRow, AlertEvent> harness;
    private int minute;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AlertDetector(RULES)),
                row -> row.mode, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldStayQuietOnOrdinaryNoise() throws Exception {
        windows(0.02, 0.05, 0.0, 0.08, 0.03, 0.09, 0.01);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldFireOnceOnASpikeAndResolveWhenItEnds() throws Exception {
        windows(0.01, 0.02, 0.0, 0.01);
        windows(0.45);
        long spikeStart = (minute - 1) * MINUTE;
        windows(0.40, 0.02, 0.01);

        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.state).containsExactly("firing", "resolved");
        AlertEvent fired = alerts.get(0);
        assertThat(fired.rule).isEqualTo("failure_rate");
        assertThat(fired.severity).isEqualTo("warning");
        assertThat(fired.windowStart).isEqualTo(spikeStart);
        assertThat(fired.firedAt).isEqualTo(spikeStart + MINUTE);
        assertThat(fired.observed).isEqualTo(0.45);
        assertThat(fired.baseline).isBetween(0.0, 0.02);
        assertThat(alerts.get(1).alertId).isEqualTo(fired.alertId);
        assertThat(alerts.get(1).resolvedAt).isEqualTo(spikeStart + 3 * MINUTE);
    }

    @Test
    void shouldRepeatOnlyAfterTheRepeatIntervalOrWhenItTurnsCritical() throws Exception {
        windows(0.0, 0.0, 0.0);
        windows(0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2);
        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.notifications).containsExactly(1, 2, 3);
        assertThat(alerts).extracting(a -> a.severity).containsExactly("warning", "critical", "critical");
        assertThat(alerts.get(2).windowEnd - alerts.get(1).windowEnd).isEqualTo(10 * MINUTE);
        assertThat(alerts).extracting(a -> a.alertId).containsOnly(alerts.get(0).alertId);
    }

    @Test
    void shouldReopenTheSameAlertWhenItFlapsWithinTheCoolDown() throws Exception {
        windows(0.0, 0.0, 0.0, 0.3, 0.0, 0.3);
        windows(0.0, 0.0, 0.0, 0.0, 0.3);
        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.state).containsExactly("firing", "resolved", "firing", "resolved", "firing");
        assertThat(alerts.subList(0, 4)).extracting(a -> a.alertId).containsOnly(alerts.get(0).alertId);
        assertThat(alerts.get(4).alertId).as("after the cool-down a new episode").isNotEqualTo(alerts.get(0).alertId);
    }

    @Test
    void shouldIgnoreWindowsWithTooFewRequests() throws Exception {
        windows(0.0, 0.0, 0.0);
        harness.processElement(row(minute++, 0.8, 5, null), 0);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldNotFireWithinTheLearnedNoiseOfABaselineNearTheStaticLevel() throws Exception {
        windows(0.02, 0.09, 0.03, 0.09, 0.02, 0.08);
        windows(0.14);
        assertThat(alerts()).isEmpty();
        windows(0.35);
        assertThat(alerts()).extracting(a -> a.state).containsExactly("firing");
    }

    @Test
    void shouldWatchLatencyPerModeToo() throws Exception {
        for (int i = 0; i < 4; i++) {
            harness.processElement(row(minute++, 0.0, 100, 800L), 0);
        }
        harness.processElement(row(minute++, 0.0, 100, 45_000L), 0);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo("latency_p95");
            assertThat(a.severity).isEqualTo("critical");
        });
    }

    @Test
    void shouldIgnoreAWindowReFiredByALateRecord() throws Exception {
        windows(0.0, 0.0, 0.0, 0.0);
        harness.processElement(row(1, 0.9, 100, null), 0);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldFireOnRiskFlaggedRequestsAtTheLevelEvenInASmallWindowAndResolveWhenTheyStop() throws Exception {
        flagged(100, 0, 0, 1, 0);
        assertThat(alerts()).as("below the level").isEmpty();
        flagged(4, 3);
        long episode = (minute - 1) * MINUTE;
        flagged(100, 9, 1);

        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.state).containsExactly("firing", "firing", "resolved");
        assertThat(alerts).extracting(a -> a.rule).containsOnly("risk_flagged");
        assertThat(alerts).extracting(a -> a.severity).containsExactly("warning", "critical", "critical");
        assertThat(alerts.get(0).observed).isEqualTo(3.0);
        assertThat(alerts.get(0).threshold).isEqualTo(3.0);
        assertThat(alerts.get(0).windowStart).isEqualTo(episode);
        assertThat(alerts.get(0).message).contains("risk_flagged in mode free is 3 flagged requests, at 3 flagged requests");
        assertThat(alerts).extracting(a -> a.alertId).containsOnly(alerts.get(0).alertId);
    }

    @Test
    void shouldFoldRiskFlagsThatComeBackWithinTheCoolDownIntoTheSameAlert() throws Exception {
        flagged(100, 5, 0, 4, 0, 0, 0, 0, 6);
        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.state).containsExactly("firing", "resolved", "firing", "resolved", "firing");
        assertThat(alerts.subList(0, 4)).extracting(a -> a.alertId).containsOnly(alerts.get(0).alertId);
        assertThat(alerts.get(4).alertId).isNotEqualTo(alerts.get(0).alertId);
    }

    @Test
    void shouldFireNoTrafficWhenRequestsFallFarBelowTheBaselineAndResolveWhenTheyReturn() throws Exception {
        totals(100, 120, 90, 110, 100, 60, 0, 0, 5, 95);
        List<AlertEvent> alerts = alerts();
        assertThat(alerts).extracting(a -> a.rule).containsOnly("no_traffic");
        assertThat(alerts).extracting(a -> a.state).containsExactly("firing", "resolved");
        assertThat(alerts.get(0).severity).as("nothing at all").isEqualTo("critical");
        assertThat(alerts.get(0).dimension).isEqualTo(TrafficTotals.ALL);
        assertThat(alerts.get(0).threshold).as("a tenth of a baseline near 100").isBetween(8.0, 11.0);
        assertThat(alerts.get(0).message).contains("below");
        assertThat(alerts.get(1).windowEnd).as("resolved by the window that had traffic again").isEqualTo(minute * MINUTE);
    }

    @Test
    void shouldNotFireNoTrafficOnAServiceTooQuietToJudge() throws Exception {
        totals(0, 0, 3, 2, 0, 4, 0, 0, 9, 0);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldNotFireNoTrafficBeforeABaselineIsKnown() throws Exception {
        totals(100, 0);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldLeaveTheModesToTheOtherRulesAndTheTotalsToNoTraffic() throws Exception {
        windows(0.0, 0.0, 0.0, 0.9);
        totals(100, 100, 100, 100);
        assertThat(alerts()).extracting(a -> a.rule + "/" + a.dimension).containsExactly("failure_rate/free");
    }

    /** Totals over all modes, one window each, with these numbers of requests. */
    private void totals(long... requestsPerWindow) throws Exception {
        for (long requests : requestsPerWindow) {
            FailureWindowRow row = row(minute++, 0.9, requests, 99_999L);
            row.mode = TrafficTotals.ALL;
            row.riskFlagged = 99;
            harness.processElement(row, 0);
        }
    }

    /** Windows of {@code requests} requests (no failures), with these numbers of risk-flagged requests. */
    private void flagged(long requests, long... flaggedPerWindow) throws Exception {
        for (long f : flaggedPerWindow) {
            FailureWindowRow row = row(minute++, 0.0, requests, null);
            row.riskFlagged = f;
            harness.processElement(row, 0);
        }
    }

    private void windows(double... failureRates) throws Exception {
        for (double rate : failureRates) {
            harness.processElement(row(minute++, rate, 100, null), 0);
        }
    }

    private List<AlertEvent> alerts() {
        return harness.extractOutputValues();
    }

    private static FailureWindowRow row(int minute, double failureRate, long requests, Long p95) {
        FailureWindowRow row = new FailureWindowRow();
        row.mode = "free";
        row.windowStart = minute * MINUTE;
        row.windowEnd = (minute + 1) * MINUTE;
        row.requests = requests;
        row.failures = Math.round(failureRate * requests);
        row.failureRate = failureRate;
        row.latencyP95Ms = p95;
        return row;
    }
}
