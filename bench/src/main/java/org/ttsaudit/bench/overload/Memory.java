package org.ttsaudit.bench.overload;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.ttsaudit.bench.Figure;

/** Memory samples of the overload phase, in thirds, beside the normal phase before it. */
final class Memory {
    static final double MIB = 1 << 20;

    private Memory() {}

    /** Peaks (MiB) before the overload, in each third of it, and under the normal load after it. */
    record Trend(double before, double[] thirds, double after) {
        /** The middle third's peak; a quick run with two samples has none, and then the first's stands in. */
        double middle() {
            return Double.isNaN(thirds[1]) ? thirds[0] : thirds[1];
        }

        double last() {
            return thirds[2];
        }

        boolean bounded() {
            return last() <= middle() * (1 + OverloadBench.MEMORY_MARGIN);
        }

        String summary() {
            return "peaks " + mib(before) + " MiB before, " + mib(thirds[0]) + " / " + mib(thirds[1]) + " / " + mib(thirds[2])
                    + " MiB in the overload's thirds of samples (" + (bounded() ? "bounded" : "growing") + "), " + mib(after)
                    + " MiB under the normal load after it";
        }

        Figure figure(String suite, String name, String unit) {
            return Figure.of(suite, name, last(), unit, false).against("peak in its middle third", middle()).detail(summary());
        }
    }

    /**
     * Thirds by sample, not by time: the first and last third of the values sampled during the
     * overload (at least one each), so that a short run with few live-heap samples still has both.
     */
    /** Whole MiB, or "-" for no sample. */
    static String mib(double value) {
        return Double.isNaN(value) ? "-" : String.valueOf(Math.round(value));
    }

    static Trend trend(List<MemorySampler.Sample> samples, Phases p, ToDoubleFunction<MemorySampler.Sample> value) {
        double[] during = samples.stream().filter(s -> s.at() >= p.overload() && s.at() < p.recovery())
                .mapToDouble(value).filter(v -> !Double.isNaN(v)).map(v -> v / MIB).toArray();
        int third = Math.max(1, during.length / 3);
        double[] thirds = {
            max(during, 0, third), max(during, third, during.length - third), max(during, during.length - third, during.length)};
        return new Trend(peak(samples, p.before(), p.overload(), value), thirds, peak(samples, p.recovery(), p.end(), value));
    }

    private static double max(double[] values, int from, int to) {
        double max = Double.NaN;
        for (int i = Math.max(0, from); i < to; i++) {
            max = Double.isNaN(max) ? values[i] : Math.max(max, values[i]);
        }
        return max;
    }

    /** The largest value sampled in [from, to), in MiB; NaN when none was. */
    static double peak(List<MemorySampler.Sample> samples, long from, long to, ToDoubleFunction<MemorySampler.Sample> value) {
        double peak = Double.NaN;
        for (MemorySampler.Sample s : samples) {
            double v = value.applyAsDouble(s);
            if (s.at() >= from && s.at() < to && !Double.isNaN(v) && !(v / MIB <= peak)) {
                peak = v / MIB;
            }
        }
        return peak;
    }
}
