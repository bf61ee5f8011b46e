package org.ttsaudit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the harness from rotting: a quick run of every suite (tiny sizes) must finish, measure a
 * positive figure for every row, and write its report. The figures themselves are not checked;
 * benchmarks are not tests.
 */
class BenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void shouldMeasureEveryRowInAQuickRunAndWriteTheReport() throws Exception {
        Path report = dir.resolve("BENCHMARKS.md");

        BenchMain.Outcome outcome = BenchMain.run(new String[] {
            "--quick", "--out", report.toString(), "--work-dir", dir.resolve("work").toString()});

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.figures()).extracting(Figure::suite).contains("sink", "inference", "end-to-end", "masking", "overload", "provenance",
                "alert latency");
        assertThat(outcome.figures()).allSatisfy(f -> {
            // A rate or size of zero means nothing was measured; a time of zero is a result (recovery
            // after a quick run's short overload can be immediate).
            if (f.unit().equals("s")) {
                assertThat(f.value()).as(f.suite() + ": " + f.name()).isNotNegative().isFinite();
            } else {
                assertThat(f.value()).as(f.suite() + ": " + f.name()).isPositive().isFinite();
            }
            if (!f.baselineName().isEmpty()) {
                assertThat(f.baseline()).as(f.suite() + ": " + f.name() + " baseline").isPositive().isFinite();
            }
        });
        assertThat(report).content().contains("## Figures", "| overload |", "## Overload: every 5 s", "unverified on this machine");
    }
}
