package org.ttsaudit.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The overload suite's memory bound: a few high samples are the collector's timing, a climb is a leak. */
class MemoryTest {
    private static final Phases PHASES = new Phases(0, 10_000, 40_000, 50_000);

    /** One sample a second from t = 0 to 49 s, RSS in MiB given by {@code mib(second)}. */
    private static List<MemorySampler.Sample> samples(IntToDoubleFunction mib) {
        List<MemorySampler.Sample> out = new ArrayList<>();
        for (int second = 0; second < 50; second++) {
            double bytes = mib.applyAsDouble(second) * Memory.MIB;
            out.add(new MemorySampler.Sample(second * 1000L, bytes, Double.NaN, bytes / 4, bytes));
        }
        return out;
    }

    @Test
    void shouldCallAShortSpikeInTheLastThirdBounded() {
        // 1,800 MiB throughout the overload, 2,200 MiB for 4 s of its last third (the heap grown, then handed back).
        Memory.Trend rss = Memory.trend(samples(s -> s >= 32 && s < 36 ? 2200 : 1800), PHASES, MemorySampler.Sample::rss);

        assertThat(rss.peaks()[2]).isEqualTo(2200);
        assertThat(rss.last()).isEqualTo(1800);
        assertThat(rss.bounded()).isTrue();
    }

    @Test
    void shouldCallASteadyClimbGrowing() {
        // 20 MiB more every second of the overload: 600 MiB over its 30 s.
        Memory.Trend rss = Memory.trend(samples(s -> 1500 + 20 * Math.max(0, s - 10)), PHASES, MemorySampler.Sample::rss);

        assertThat(rss.last()).isGreaterThan(rss.middle() * 1.1);
        assertThat(rss.bounded()).isFalse();
        assertThat(rss.summary()).contains("growing");
    }

    @Test
    void shouldJudgeOnlyTheSamplesOfTheOverload() {
        // High before and after the overload, flat during it.
        Memory.Trend rss = Memory.trend(samples(s -> s < 10 || s >= 40 ? 3000 : 1000), PHASES, MemorySampler.Sample::rss);

        assertThat(rss.medians()).containsExactly(1000, 1000, 1000);
        assertThat(rss.before()).isEqualTo(3000);
        assertThat(rss.after()).isEqualTo(3000);
        assertThat(rss.bounded()).isTrue();
    }
}
