package org.ttsaudit.pipeline.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to IPA phonemes with the {@code espeak-ng} program, as Piper's front end gets them from the
 * espeak-ng library: {@code espeak-ng -q --ipa -v VOICE}, the text on standard input. One process
 * per text: the program reads its input to the end before it writes anything, so a long-lived
 * process cannot be fed a line and asked for its phonemes. The program writes one line per clause
 * and drops the clause's punctuation, which Piper keeps; the punctuation is put back from the text
 * when its clause breaks can be matched one to one with the lines, else clauses are joined by a space.
 */
public final class EspeakNg {
    /** Debian's espeak-ng package puts it on the PATH. */
    public static final String PROGRAM = "espeak-ng";
    private static final long TIMEOUT_SECONDS = 20;
    /** Punctuation that ends a clause for espeak-ng: followed by a space or the end, so "3.5" is no break. */
    private static final Pattern CLAUSE_END = Pattern.compile("([.,!?;:])(?=\\s|$)|([。，！？；：、])");

    private final String program;

    public EspeakNg(String program) {
        this.program = program;
    }

    /** The phonemes of {@code text} read by espeak-ng's {@code voice} (e.g. en-us, cmn-latn-pinyin). */
    public String phonemes(String text, String voice) throws IOException {
        Process process = new ProcessBuilder(program, "-q", "--ipa", "-b", "1", "-v", voice, "--stdin")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(program + " -v " + voice + " exited with " + process.exitValue());
            }
            return withPunctuation(new String(output.get(), StandardCharsets.UTF_8), text);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot read the output of " + program, e.getCause());
        }
    }

    static String withPunctuation(String output, String text) {
        List<String> clauses = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                clauses.add(line.strip());
            }
        }
        List<String> marks = new ArrayList<>();
        Matcher m = CLAUSE_END.matcher(text);
        while (m.find()) {
            marks.add(m.group(1) != null ? m.group(1) : ascii(m.group(2)));
        }
        // A text that ends without punctuation has one clause more than marks.
        boolean matched = marks.size() == clauses.size() || marks.size() == clauses.size() - 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < clauses.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(clauses.get(i));
            if (matched && i < marks.size()) {
                out.append(marks.get(i));
            }
        }
        return out.toString();
    }

    /** Full-width Chinese punctuation as the ASCII mark Piper's id maps carry. */
    private static String ascii(String mark) {
        return switch (mark) {
            case "。" -> ".";
            case "！" -> "!";
            case "？" -> "?";
            case "；" -> ";";
            case "：" -> ":";
            default -> ",";
        };
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
