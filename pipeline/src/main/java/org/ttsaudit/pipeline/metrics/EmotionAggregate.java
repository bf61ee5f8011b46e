package org.ttsaudit.pipeline.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.ttsaudit.pipeline.records.AuditRecord;
import org.ttsaudit.pipeline.records.EmotionWindowRow;

/** Requests, mean intensity and mean vector per window and dominant emotion. */
public final class EmotionAggregate implements AggregateFunction<AuditRecord, EmotionAggregate.Acc, EmotionAggregate.Acc> {
    private static final long serialVersionUID = 1L;
    static final String[] NAMES = {"happy", "angry", "sad", "afraid", "disgusted", "melancholic", "surprised", "calm"};

    public static class Acc {
        public long requests;
        public double intensitySum;
        public long intensityCount;
        public double[] vectorSum = new double[NAMES.length];

        public Acc() {}
    }

    /** The largest weight's name; "neutral" for an all-zero vector or none. */
    static String dominant(AuditRecord r) {
        double[] v = vector(r.emotionVector);
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0 && (best < 0 || v[i] > v[best])) {
                best = i;
            }
        }
        return best < 0 ? "neutral" : NAMES[best];
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(AuditRecord r, Acc acc) {
        acc.requests++;
        if (r.emotionIntensity != null) {
            acc.intensitySum += r.emotionIntensity;
            acc.intensityCount++;
        }
        double[] v = vector(r.emotionVector);
        for (int i = 0; i < v.length; i++) {
            acc.vectorSum[i] += v[i];
        }
        return acc;
    }

    @Override
    public Acc getResult(Acc acc) {
        return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        a.requests += b.requests;
        a.intensitySum += b.intensitySum;
        a.intensityCount += b.intensityCount;
        for (int i = 0; i < a.vectorSum.length; i++) {
            a.vectorSum[i] += b.vectorSum[i];
        }
        return a;
    }

    static EmotionWindowRow row(String emotion, long start, long end, Acc acc) {
        EmotionWindowRow row = new EmotionWindowRow();
        row.windowStart = start;
        row.windowEnd = end;
        row.emotion = emotion;
        row.requests = acc.requests;
        row.meanIntensity = acc.intensityCount == 0 ? null : acc.intensitySum / acc.intensityCount;
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < acc.vectorSum.length; i++) {
            json.append(i == 0 ? "" : ",").append(Math.round(acc.vectorSum[i] / acc.requests * 10000) / 10000.0);
        }
        row.meanVector = json.append(']').toString();
        row.updatedAt = System.currentTimeMillis();
        return row;
    }

    /** Parses the audit record's JSON array of weights (our own format: numbers and commas). */
    static double[] vector(String json) {
        double[] v = new double[NAMES.length];
        if (json == null || json.length() < 3) {
            return v;
        }
        String[] parts = json.substring(1, json.length() - 1).split(",");
        for (int i = 0; i < Math.min(parts.length, v.length); i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return v;
    }
}
