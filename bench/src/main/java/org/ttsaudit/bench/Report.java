package org.ttsaudit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes BENCHMARKS.md: the machine, the software, every figure with its baseline and goal, and what limits it. */
public final class Report {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A suite that did not run to the end, and why. */
    public record Failure(String suite, String reason) {}

    private Report() {}

    public static void write(Path file, boolean quick, Map<String, String> machine, Map<String, String> facts,
                             List<BenchContext.Section> sections, List<String> notes, List<Suite> suites,
                             List<Figure> figures, List<Failure> failures, double seconds) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `./tts bench").append(quick ? " --quick" : "").append("` on ").append(DATE.format(Instant.now()))
                .append(", all suites in one process, ").append(String.format("%.1f", seconds / 60)).append(" minutes in all. ")
                .append("Every figure was measured in this run, beside a baseline measured in the same run on the same data; ")
                .append("nothing here is estimated or carried over from another machine. Ratios read \"times better than the ")
                .append("baseline\" (for times and latencies, the baseline's value over ours).\n\n");
        if (quick) {
            md.append("**Quick run: tiny sizes, a check that the harness works. These figures are not the project's figures.**\n\n");
        }
        md.append("## Machine and software\n\n| | |\n|---|---|\n");
        Map<String, String> all = new LinkedHashMap<>(machine);
        all.putAll(facts);
        all.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        md.append("\nThe CUDA path (`onnxruntime_gpu` with the CUDA execution provider) is **unverified on this machine**: ")
                .append("it has no GPU (the provider's CUDA libraries do not load), so every inference figure below is ONNX "
                        + "Runtime on CPU.\n\n");

        md.append("## Figures\n\n| suite | figure | value | baseline | ratio | goal | met? |\n|---|---|---:|---|---:|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.suite()).append(" | ").append(f.name()).append(" | ")
                    .append(Table.number(f.value())).append(' ').append(f.unit()).append(" | ")
                    .append(f.baselineName().isEmpty() ? "-" : f.baselineName() + ": " + Table.number(f.baseline()) + " " + f.unit())
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "-" : Table.number(f.ratio()) + "x")
                    .append(" | ").append(f.goalText()).append(" | ").append(f.hasGoal() ? (f.met() ? "yes" : "**no**") : "-")
                    .append(" |\n");
        }
        for (Failure failure : failures) {
            md.append("| ").append(failure.suite()).append(" | (suite failed: ").append(failure.reason().replace("|", "\\|"))
                    .append(") | - | - | - | - | - |\n");
        }

        for (BenchContext.Section section : sections) {
            md.append("\n## ").append(section.title()).append("\n\n| ").append(String.join(" | ", section.header())).append(" |\n|");
            md.append("---:|".repeat(section.header().length)).append('\n');
            for (String[] row : section.rows()) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
        }
        md.append("\n## What limits each figure\n\n");
        String previous = null;
        for (Figure f : figures) {
            String limit = f.limit().isEmpty() ? "-" : f.limit().equals(previous) ? "as above" : f.limit();
            previous = f.limit();
            md.append("- **").append(f.suite()).append(": ").append(f.name()).append("**: ").append(limit).append(". ")
                    .append(f.detail().isEmpty() ? "" : "_" + f.detail() + "._").append('\n');
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\n## How each suite measures\n\n");
        for (Suite s : suites) {
            md.append("- **").append(s.name()).append("**: ").append(s.method()).append('\n');
        }
        md.append("\nRerun: `./tts bench` (full, rewrites this file) or `./tts bench --quick` (tiny sizes, writes "
                + "`bench/target/BENCHMARKS-quick.md`); `--only sink,inference,endtoend,masking,overload,alerts,piper` runs some suites. ")
                .append("Code: `bench/` (`org.ttsaudit.bench.sink`, `.inference`, `.masking`, `.endtoend`, `.overload`, `.alerts`).\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }
}
