package org.ttsaudit.bench.masking;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ttsaudit.bench.BenchContext;
import org.ttsaudit.bench.Figure;
import org.ttsaudit.bench.Runs;
import org.ttsaudit.bench.Suite;
import org.ttsaudit.pipeline.audit.Masker;

/**
 * {@link Masker#mask} against one regex per rule in sequence, on the same generated Chinese
 * texts; and the masker's own rate against the pipeline's end-to-end rate.
 */
public final class MaskingBench implements Suite {
    private static final String SUITE = "masking";
    private static final String[] EMOTIONS = {"开心", "非常愤怒地质问", "有点难过", "平静", "gently", "very surprised", null};

    @Override
    public String name() {
        return "masking";
    }

    @Override
    public String method() {
        return "N seeded Chinese texts of one to four sentences, about half with personal data (mobile numbers, resident "
                + "IDs with valid check characters, Luhn-valid card numbers, e-mail addresses) and many with numbers that "
                + "must stay (order numbers, amounts, an ID with a wrong check character, a card failing Luhn). Both "
                + "maskers run over all texts in rounds after three warm-up passes, medians reported; their outputs are "
                + "compared text by text. A request here is its text and its emotion description, the free-text fields "
                + "that carry user input";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int n = ctx.size(20_000, 2_000);
        List<String> texts = Corpus.texts(7, n);
        Masker masker = new Masker();
        RegexPerRule baseline = new RegexPerRule();
        int same = 0;
        long items = 0;
        for (String t : texts) {
            Map<String, Integer> ours = Masker.newCounts();
            Map<String, Integer> theirs = Masker.newCounts();
            if (Objects.equals(masker.mask(t, ours), baseline.mask(t, theirs)) && ours.equals(theirs)) {
                same++;
            }
            items += ours.values().stream().mapToInt(Integer::intValue).sum();
        }
        double chars = texts.stream().mapToInt(String::length).average().orElse(0);
        ctx.say(String.format(Locale.ROOT, "masking: %d texts (%.0f characters on average, %d items masked); outputs identical on %d",
                n, chars, items, same));

        List<Runs.Result> r = Runs.rounds(3, ctx.quick ? 1 : 5, List.of(
                () -> rate(texts, (t, c) -> masker.mask(t, c)),
                () -> rate(texts, (t, c) -> baseline.mask(t, c))));
        double ours = r.get(0).median();
        double regexes = r.get(1).median();
        ctx.say(String.format(Locale.ROOT, "masking: Masker %.0f req/s, one regex per rule %.0f req/s", ours, regexes));

        String corpus = String.format(Locale.ROOT, "%d texts, %.0f characters on average, %d items to mask; outputs identical "
                + "on %d of %d texts", n, chars, items, same, n);
        Figure versus = Figure.of(SUITE, "Masker vs one regex per rule", ours, "req/s", true)
                .against("4 regexes in sequence", regexes).goal(3)
                .detail(corpus + "; Masker " + r.get(0).spread("req/s") + ", baseline " + r.get(1).spread("req/s"))
                .limit("the baseline: four regex walks, each trying its pattern at every character and copying the "
                        + "text. The Masker: one hand-written scan that starts matching only where a candidate can start "
                        + "(the start of an ASCII letter or digit run, '+', '(', ':', and the local part before an '@', "
                        + "found once), a table lookup per character elsewhere, so Chinese text is skipped a character "
                        + "at a time; then checksums by hand. What is left is the half-width copy of the text and the "
                        + "string work for each item masked (by construction, not profiled). It also looks for kinds "
                        + "the baseline does not (IPv4/IPv6 addresses, passport and fixed-line numbers, full-width forms)");
        double pipeline = ctx.measured("endtoend.rate");
        Figure headroom = Figure.of(SUITE, "Masker vs the pipeline's end-to-end rate", ours, "req/s", true)
                .goal(10)
                .detail(String.format(Locale.ROOT, "one core masks at the end-to-end rate in %.3f %% of its time; the "
                        + "synthesizer alone tops out near %.0f req/s (inference suite)", 100 * pipeline / ours,
                        ctx.measured("inference.operator.rate")))
                .limit("one thread; the goal (ours) is that masking costs under a tenth of one core at the rate the "
                        + "whole pipeline sustains, so it cannot be the bottleneck");
        return Double.isNaN(pipeline) ? List.of(versus)
                : List.of(versus, headroom.against("end-to-end sustained rate", pipeline));
    }

    private interface Mask {
        String apply(String text, Map<String, Integer> counts);
    }

    /** Requests per second: each request's text and emotion description masked. */
    private static double rate(List<String> texts, Mask mask) {
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Integer> counts = Masker.newCounts();
            String text = mask.apply(texts.get(i), counts);
            String emotion = mask.apply(EMOTIONS[i % EMOTIONS.length], counts);
            sink += text.length() + (emotion == null ? 0 : emotion.length()) + counts.size();
        }
        double seconds = Runs.seconds(start);
        if (sink == 0) {
            throw new IllegalStateException("nothing was masked");
        }
        return texts.size() / seconds;
    }
}
