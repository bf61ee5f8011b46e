package org.ttsaudit.bench.overload;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;

/** Memory samples of the overload phase, in thirds, beside the normal phase before it. */
final class Memory {
    static final double MIB = 1 << 20;

    private Memory() {}

    /**
     * Memory before the overload (peak), in each third of it (peak and median) and under the normal
     * load after it (peak), in MiB. Bounded compares the medians: a leak lifts every sample of the
     * last third, where the collector's own sizing (G1 growing the heap for a while, then handing it
     * back, up to -Xmx) only lifts a few, and a peak would judge that timing instead.
     */
    record Trend(double before, double[] peaks, double[] medians, double after) {
        /** The middle third's median; a quick run with two samples has none, and then the first's stands in. */
        double middle() {
            return Double.isNaN(medians[1]) ? medians[0] : medians[1];
        }

        double last() {
            return medians[2];
        }

        boolean bounded() {
            return last() <= middle() * (1 + OverloadBench.MEMORY_MARGIN);
        }

        String summary() {
            return "medians " + mib(medians[0]) + " / " + mib(medians[1]) + " / " + mib(medians[2])
                    + " MiB in the overload's thirds of samples (" + (bounded() ? "bounded" : "growing") + "); peaks "
                    + mib(before) + " MiB before, " + mib(peaks[0]) + " / " + mib(peaks[1]) + " / " + mib(peaks[2])
                    + " MiB in the thirds, " + mib(after) + " MiB under the normal load after it";
        }

        Figure figure(String suite, String name, String unit) {
            return Figure.of(suite, name, last(), unit, false).against("median in its middle third", middle()).detail(summary());
        }
    }

    /** Whole MiB, or "-" for no sample. */
    static String mib(double value) {
        return Double.isNaN(value) ? "-" : String.valueOf(Math.round(value));
    }

    /**
     * Thirds by sample, not by time: the first and last third of the values sampled during the
     * overload (at least one each), so that a short run with few live-heap samples still has both.
     */
    static Trend trend(List<MemorySampler.Sample> samples, Phases p, ToDoubleFunction<MemorySampler.Sample> value) {
        double[] during = samples.stream().filter(s -> s.at() >= p.overload() && s.at() < p.recovery())
                .mapToDouble(value).filter(v -> !Double.isNaN(v)).map(v -> v / MIB).toArray();
        int third = Math.max(1, during.length / 3);
        int[] bounds = {0, third, during.length - third, during.length};
        double[] peaks = new double[3];
        double[] medians = new double[3];
        for (int t = 0; t < 3; t++) {
            int from = Math.max(0, Math.min(bounds[t], during.length));
            double[] part = Arrays.copyOfRange(during, from, Math.max(from, Math.min(bounds[t + 1], during.length)));
            peaks[t] = part.length == 0 ? Double.NaN : Arrays.stream(part).max().orElseThrow();
            medians[t] = part.length == 0 ? Double.NaN : Runs.percentile(part, 50);
        }
        return new Trend(peak(samples, p.before(), p.overload(), value), peaks, medians, peak(samples, p.recovery(), p.end(), value));
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
