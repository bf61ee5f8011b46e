package org.ttsaudit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every suite gets: the size of the run, a scratch directory, and a place for the facts the
 * report prints beside the figures (server versions, sizes actually used).
 */
public final class BenchContext {
    public final boolean quick;
    public final Path workDir;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Double> measured = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final long start = System.nanoTime();

    public BenchContext(boolean quick, Path workDir) {
        this.quick = quick;
        this.workDir = workDir;
    }

    /** The full-run size, or the quick one. */
    public int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    public void fact(String key, String value) {
        facts.put(key, value);
    }

    public Map<String, String> facts() {
        return facts;
    }

    /** A figure one suite measured that a later suite compares against. */
    public void measured(String key, double value) {
        measured.put(key, value);
    }

    /** NaN when the suite that measures it did not run. */
    public double measured(String key) {
        return measured.getOrDefault(key, Double.NaN);
    }

    /** A remark for the report's notes: context a reader needs next to the figures. */
    public void note(String text) {
        notes.add(text);
    }

    public List<String> notes() {
        return notes;
    }

    /** A table of its own in the report, for figures that are a series rather than a ratio. */
    public record Section(String title, String[] header, List<String[]> rows) {}

    public void section(String title, String[] header, List<String[]> rows) {
        sections.add(new Section(title, header, rows));
    }

    public List<Section> sections() {
        return sections;
    }

    public void say(String line) {
        System.out.printf("[bench %6.1fs] %s%n", Runs.seconds(start), line);
    }
}
