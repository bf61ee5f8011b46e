package org.ttsaudit.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm-up, then repeated measured runs; the median is the figure, the spread goes in the detail.
 * Contenders compared with each other run in rounds (one run of each per round), so a change in
 * the machine's load during the suite falls on all of them rather than on one.
 */
public final class Runs {
    /** One run: returns the figure it measured (a rate, a time). */
    @FunctionalInterface
    public interface Run {
        double measure() throws Exception;
    }

    /** The measured values of one contender, in run order. */
    public record Result(double[] values) {
        public double median() {
            return percentile(values, 50);
        }

        public String spread(String unit) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return "median of " + values.length + " (" + Table.number(sorted[0]) + ".." + Table.number(sorted[sorted.length - 1])
                    + " " + unit + ")";
        }
    }

    private Runs() {}

    public static Result repeat(int warmups, int measured, Run run) throws Exception {
        return rounds(warmups, measured, List.of(run)).get(0);
    }

    /** Each run warmed up {@code warmups} times, then {@code measured} rounds of one run each. */
    public static List<Result> rounds(int warmups, int measured, List<Run> runs) throws Exception {
        for (Run run : runs) {
            for (int i = 0; i < warmups; i++) {
                run.measure();
            }
        }
        double[][] values = new double[runs.size()][measured];
        for (int round = 0; round < measured; round++) {
            for (int r = 0; r < runs.size(); r++) {
                values[r][round] = runs.get(r).measure();
            }
        }
        List<Result> results = new ArrayList<>();
        for (double[] v : values) {
            results.add(new Result(v));
        }
        return results;
    }

    /** Nearest-rank percentile of unsorted values. */
    public static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
