package org.ttsaudit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsaudit.bench.alerts.AlertsBench;
import org.ttsaudit.bench.endtoend.EndToEndBench;
import org.ttsaudit.bench.inference.InferenceBench;
import org.ttsaudit.bench.inference.PiperBench;
import org.ttsaudit.bench.provenance.ProvenanceBench;
import org.ttsaudit.bench.masking.MaskingBench;
import org.ttsaudit.bench.overload.OverloadBench;
import org.ttsaudit.bench.sink.SinkBench;

/**
 * {@code ./tts bench [--quick] [--only sink,inference,...] [--out FILE] [--work-dir DIR]}: runs the
 * suites in one process, prints the table and writes the report (BENCHMARKS.md for a full run of
 * every suite, under bench/target otherwise). The end-to-end suite runs before masking, which
 * compares the masker with the end-to-end rate.
 */
public final class BenchMain {
    /** Above this share of the machine used by other processes, a suite's figures are flagged in the report. */
    private static final double BUSY = 0.10;
    private static final String USAGE = "usage: ./tts bench [--quick] [--only sink,inference,endtoend,masking,overload,alerts,provenance,piper] [--out FILE] [--work-dir DIR]";

    /** What a run produced. */
    public record Outcome(List<Figure> figures, List<Report.Failure> failures, Path report) {}

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Outcome outcome;
        try {
            outcome = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.exit(outcome.failures().isEmpty() ? 0 : 1);
    }

    public static Outcome run(String[] args) throws Exception {
        boolean quick = false;
        List<String> only = List.of();
        Path root = Path.of(System.getProperty("tts.root", "."));
        Path out = null;
        Path workDir = root.resolve("bench/target/work");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = Arrays.asList(value(args, ++i).split(","));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return new Outcome(List.of(), List.of(), null);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null) {
            // Only a full run of every suite replaces the report at the root of the repository.
            out = quick ? root.resolve("bench/target/BENCHMARKS-quick.md")
                    : only.isEmpty() ? root.resolve("BENCHMARKS.md") : root.resolve("bench/target/BENCHMARKS-partial.md");
        }
        List<Suite> suites = new ArrayList<>();
        for (Suite s : List.of(new SinkBench(), new InferenceBench(), new EndToEndBench(), new MaskingBench(), new OverloadBench(),
                new AlertsBench(), new ProvenanceBench(), new PiperBench())) {
            if (only.isEmpty() || only.contains(key(s))) {
                suites.add(s);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("--only names no suite");
        }
        return run(suites, new BenchContext(quick, workDir), out);
    }

    private static Outcome run(List<Suite> suites, BenchContext ctx, Path out) throws Exception {
        long start = System.nanoTime();
        Map<String, String> machine = Machine.describe();
        ctx.say((ctx.quick ? "quick run" : "full run") + " on " + machine.get("CPU") + ", cores: " + machine.get("cores")
                + ", memory: " + machine.get("memory"));
        List<Figure> figures = new ArrayList<>();
        List<Report.Failure> failures = new ArrayList<>();
        List<String> load = new ArrayList<>();
        for (Suite suite : suites) {
            CpuLoad.Snapshot before = CpuLoad.take();
            long suiteStart = System.nanoTime();
            try {
                figures.addAll(suite.run(ctx));
            } catch (Exception | LinkageError e) {
                // A failed suite is reported as failed; the others still run and the report is still written.
                e.printStackTrace();
                failures.add(new Report.Failure(key(suite), e.getClass().getSimpleName() + ": " + e.getMessage()));
                ctx.say(suite.name() + " failed: " + e);
            }
            double others = CpuLoad.othersShare(before, CpuLoad.take());
            load.add(String.format(Locale.ROOT, "%s %.0f s, others %.0f %%", suite.name(), Runs.seconds(suiteStart), 100 * others));
            if (others > BUSY) {
                ctx.note(String.format(Locale.ROOT, "**Other processes used %.0f %% of the machine's CPU while the %s suite ran**: "
                        + "its figures understate this machine; rerun on a quiet machine.", 100 * others, suite.name()));
            }
        }
        ctx.fact("run time and background load", String.join("; ", load) + " (others: the share of the machine's CPU "
                + "that processes other than this run and its database server used, steal included)");
        double seconds = Runs.seconds(start);
        System.out.println();
        System.out.print(Table.render(figures));
        failures.forEach(f -> System.out.println("FAILED " + f.suite() + ": " + f.reason()));
        Report.write(out, ctx.quick, machine, ctx.facts(), ctx.sections(), ctx.notes(), suites, figures, failures, seconds);
        System.out.printf("%n%d figures in %.1f s; report written to %s%n", figures.size(), seconds, out.toAbsolutePath().normalize());
        return new Outcome(figures, failures, out);
    }

    private static String key(Suite s) {
        return s.getClass().getSimpleName().replace("Bench", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
