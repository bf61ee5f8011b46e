package org.ttsaudit.pipeline.alerts;

/** Keyed state of one rule for one dimension: the learned baseline and the open episode, if any. */
public class RuleState {
    public long lastWindowStart = Long.MIN_VALUE;
    public long samples;
    public double ewma;
    public double ewVariance;
    public boolean firing;
    public String alertId;
    public String severity;
    public long episodeWindowStart;
    public long firedAt;
    public double baselineAtFire;
    public boolean baselineKnownAtFire;
    public double threshold;
    public int notifications;
    public long lastNotified;
    public Long lastResolvedAt;

    public RuleState() {}

    /** Exponentially weighted mean and variance; fed only by windows that did not breach. */
    void learn(double value, double alpha) {
        if (samples == 0) {
            ewma = value;
            ewVariance = 0;
        } else {
            double delta = value - ewma;
            ewma += alpha * delta;
            ewVariance = (1 - alpha) * (ewVariance + alpha * delta * delta);
        }
        samples++;
    }

    boolean baselineKnown() {
        return samples >= 3;
    }
}
