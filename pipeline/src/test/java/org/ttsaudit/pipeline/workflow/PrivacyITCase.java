package org.ttsaudit.pipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsaudit.pipeline.testing.LocalStack;
import org.ttsaudit.pipeline.generator.GeneratedRequest;
import org.ttsaudit.pipeline.generator.RequestGenerator;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.workflow.TtsJob;

/**
 * Masking as a property of the whole job: a few thousand generated requests carrying personal
 * data of every kind the masker covers, in the ways people write it, go through Kafka, the job and
 * MySQL; then every column of every table of the schema, every record (key, value, headers) on the
 * results, dead-letter and alert topics, and every log line of the run are searched for any of the
 * items (or a piece of one, see {@link LeakScan}). Expected: none. Beside them, numbers that are no
 * personal data (order numbers, amounts, dates, times, versions, IDs with a wrong check character,
 * card numbers failing Luhn) must come out as they went in. Prints the figures README.md quotes.
 */
class PrivacyITCase {
    private static final Path BASE = Path.of("target", "it-privacy");
    private static final int WITH_PERSONAL_DATA = 1400;
    private static final int CLEAN = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(BASE);
        new RequestGenerator(1, stack.voiceDir(), "unused").writeVoices();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void shouldLetNoPersonalDataOutAndKeepEveryOtherNumber() throws Exception {
        JobRun run = JobRun.create(stack, "priv");
        PrivacyCorpus corpus = new PrivacyCorpus(20261125, "file:" + stack.voiceDir().toAbsolutePath().resolve("voice-0.wav"));
        List<PrivacyCorpus.Entry> entries = new ArrayList<>();
        for (int i = 0; i < WITH_PERSONAL_DATA; i++) {
            entries.add(corpus.withPersonalData(run.name + "-p"));
        }
        for (int i = 0; i < CLEAN; i++) {
            entries.add(corpus.clean(run.name + "-c"));
        }
        Collections.shuffle(entries, new Random(7));
        List<GeneratedRequest> requests = entries.stream().map(PrivacyCorpus.Entry::request).toList();

        List<String> logLines;
        try (LogCapture logs = LogCapture.capture()) {
            JobClient job = TtsJob.start(run.config);
            try {
                run.sendAndCheckRows(requests);
            } finally {
                job.cancel().get();
            }
            logLines = List.copyOf(logs.lines());
        }

        Outputs outputs = new Outputs();
        readTables(outputs);
        readTopics(run, requests, outputs);
        logLines.forEach(outputs::addUntied);
        List<String> leaks = leaks(entries, outputs);
        Figures figures = figures(entries, leaks, stored(run));
        System.out.println(figures.table());

        assertThat(logLines).as("the run logged").isNotEmpty();
        assertThat(leaks).as("items found unmasked in what the job wrote").isEmpty();
        assertThat(figures.itemsPerKind.keySet()).containsExactlyInAnyOrderElementsOf(SensitiveItems.KINDS);
        assertThat(figures.countMismatches).as("rows whose mask_counts disagree with the items sent").isEmpty();
        assertThat(figures.falsePositiveRate()).as("share of numbers that are no personal data but were masked")
                .isLessThan(0.01);
        assertThat(figures.referenceMismatches).as("16/19-digit references: masked exactly when they pass Luhn").isEmpty();
    }

    /** Everything the job wrote, as text: tied to a request id where the place names one, else untied. */
    private static final class Outputs {
        final Map<String, StringBuilder> byRequest = new HashMap<>();
        final StringBuilder untied = new StringBuilder();

        void add(String requestId, String text) {
            byRequest.computeIfAbsent(requestId, k -> new StringBuilder()).append(text).append('\n');
        }

        void addUntied(String text) {
            untied.append(text).append('\n');
        }
    }

    /** Every row of every table and view of the schema, found through information_schema. */
    private static void readTables(Outputs outputs) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("tts_generation_log", "tts_failure_metrics", "tts_alerts");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int idColumn = 0;
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        idColumn = meta.getColumnLabel(i).equalsIgnoreCase("request_id") ? i : idColumn;
                    }
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(" | ").append(rs.getString(i));
                        }
                        if (idColumn > 0) {
                            outputs.add(rs.getString(idColumn), row.toString());
                        } else {
                            outputs.addUntied(row.toString());
                        }
                    }
                }
            }
        }
    }

    /**
     * Keys, values and headers of every record on the results, dead-letter and alert topics. A
     * dead letter's value is the raw request by design (README, Security): it is checked to be
     * exactly what was sent, and its headers are searched.
     */
    private static void readTopics(JobRun run, List<GeneratedRequest> requests, Outputs outputs) throws Exception {
        Map<String, byte[]> sent = new HashMap<>();
        requests.forEach(r -> sent.put(r.requestId(), r.payload()));
        for (ConsumerRecord<byte[], byte[]> r : run.consumeAll(run.config.get(TtsOptions.TOPIC_RESULTS), requests.size())) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            outputs.add(id, id + " | " + values(JSON.readTree(r.value())) + headers(r));
        }
        long rejected = requests.stream().filter(GeneratedRequest::expectDeadLetter).count();
        for (ConsumerRecord<byte[], byte[]> r : run.consumeAll(run.config.get(TtsOptions.TOPIC_DLQ), (int) rejected)) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(r.value()).as("dead letter of " + id).isEqualTo(sent.get(id));
            outputs.add(id, id + headers(r));
        }
        for (ConsumerRecord<byte[], byte[]> r : run.consumeAll(run.config.get(TtsOptions.TOPIC_ALERTS), 0)) {
            outputs.addUntied(new String(r.value(), StandardCharsets.UTF_8) + headers(r));
        }
    }

    private static String values(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.fields().forEachRemaining(e -> values.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(" | ", values);
    }

    private static String headers(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder text = new StringBuilder();
        for (Header h : r.headers()) {
            text.append(" | ").append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /**
     * Each item is searched for piece by piece in everything tied to its own request (its audit
     * row, result and dead-letter headers), and as a whole in everything else, log lines included.
     */
    private static List<String> leaks(List<PrivacyCorpus.Entry> entries, Outputs outputs) {
        StringBuilder everything = new StringBuilder(outputs.untied);
        outputs.byRequest.values().forEach(everything::append);
        LeakScan.Haystack all = new LeakScan.Haystack(everything.toString());
        List<String> leaks = new ArrayList<>();
        for (PrivacyCorpus.Entry e : entries) {
            StringBuilder own = outputs.byRequest.get(e.request().requestId());
            assertThat(own).as("output of " + e.request().requestId()).isNotNull();
            LeakScan.Haystack tied = new LeakScan.Haystack(own.toString());
            LeakScan.Haystack clean = new LeakScan.Haystack(
                    String.join("\n", e.clean().stream().map(PrivacyCorpus.CleanNumber::written).toList()));
            for (SensitiveItems.Item item : e.items()) {
                Optional<String> run = tied.runWithPieceOf(item, clean);
                if (run.isPresent() || all.hasWhole(item)) {
                    leaks.add(e.request().requestId() + ": " + item.kind() + " '" + item.written() + "' "
                            + run.map(r -> "in its own output as " + r).orElse("elsewhere"));
                }
            }
        }
        return leaks;
    }

    /** What the log holds of a request: its masked text and what the masker counted. */
    private record Stored(String text, Map<String, Integer> maskCounts) {}

    private static Map<String, Stored> stored(JobRun run) throws Exception {
        Map<String, Stored> stored = new HashMap<>();
        try (Connection c = stack.mysql.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id, text_input, mask_counts FROM tts_generation_log "
                     + "WHERE request_id LIKE '" + run.name + "-%'")) {
            while (rs.next()) {
                Map<String, Integer> perKind = new TreeMap<>();
                JSON.readTree(rs.getString(3)).fields().forEachRemaining(f -> perKind.put(f.getKey(), f.getValue().asInt()));
                stored.put(rs.getString(1), new Stored(rs.getString(2), perKind));
            }
        }
        return stored;
    }

    /** Recall per kind, the false-positive rate on numbers that must stay, and the checks behind them. */
    private static final class Figures {
        final Map<String, Integer> itemsPerKind = new TreeMap<>();
        final Map<String, Integer> leaksPerKind = new TreeMap<>();
        /** Per category of number that must stay: {numbers, masked}. */
        final Map<String, int[]> clean = new TreeMap<>();
        final List<String> countMismatches = new ArrayList<>();
        final List<String> referenceMismatches = new ArrayList<>();
        int references;
        int referencesPassingLuhn;
        int requests;
        int withPersonalData;

        double falsePositiveRate() {
            int numbers = clean.values().stream().mapToInt(c -> c[0]).sum();
            int masked = clean.values().stream().mapToInt(c -> c[1]).sum();
            return numbers == 0 ? 1 : (double) masked / numbers;
        }

        String table() {
            StringBuilder out = new StringBuilder("\nPrivacy figures: " + requests + " requests, " + withPersonalData
                    + " of them with personal data\n| kind | items | unmasked | recall |\n|---|---:|---:|---:|\n");
            itemsPerKind.forEach((kind, n) -> {
                int leaked = leaksPerKind.getOrDefault(kind, 0);
                out.append(String.format("| %s | %d | %d | %.1f %% |%n", kind, n, leaked, 100.0 * (n - leaked) / n));
            });
            out.append("\n| number that must stay | numbers | masked |\n|---|---:|---:|\n");
            clean.forEach((category, c) -> out.append(String.format("| %s | %d | %d |%n", category, c[0], c[1])));
            out.append(String.format("%nfalse-positive rate: %.3f %%; 16/19-digit references without a check digit: %d, "
                    + "%d pass Luhn and were masked as cards%n", 100 * falsePositiveRate(), references, referencesPassingLuhn));
            return out.toString();
        }
    }

    private static Figures figures(List<PrivacyCorpus.Entry> entries, List<String> leaks, Map<String, Stored> rows) {
        Figures f = new Figures();
        f.requests = entries.size();
        for (PrivacyCorpus.Entry e : entries) {
            String id = e.request().requestId();
            e.items().forEach(item -> f.itemsPerKind.merge(item.kind(), 1, Integer::sum));
            f.withPersonalData += e.items().isEmpty() ? 0 : 1;
            String stored = rows.get(id).text();
            int from = 0;
            Map<String, Integer> expectedCounts = new TreeMap<>();
            for (PrivacyCorpus.CleanNumber number : e.clean()) {
                int at = stored.indexOf(number.written(), from);
                boolean masked = at < 0;
                from = masked ? from : at + number.written().length();
                if (number.cardLength()) {
                    f.references++;
                    f.referencesPassingLuhn += number.expectMasked() ? 1 : 0;
                    if (masked != number.expectMasked()) {
                        f.referenceMismatches.add(id + ": '" + number.written() + "' masked=" + masked);
                    }
                    if (masked) {
                        expectedCounts.merge("bank_card", 1, Integer::sum);
                    }
                } else {
                    int[] c = f.clean.computeIfAbsent(number.category(), k -> new int[2]);
                    c[0]++;
                    c[1] += masked ? 1 : 0;
                }
            }
            // UNKNOWN_PINYIN quotes the bad syllable, which the error message then masks a second time.
            boolean quoted = "UNKNOWN_PINYIN".equals(e.request().expectedErrorCode());
            e.items().forEach(item -> expectedCounts.merge(item.kind(), 1, Integer::sum));
            Map<String, Integer> actual = rows.get(id).maskCounts();
            boolean agree = quoted
                    ? expectedCounts.entrySet().stream().allMatch(x -> actual.getOrDefault(x.getKey(), 0) >= x.getValue())
                            && actual.keySet().equals(expectedCounts.keySet())
                    : actual.equals(expectedCounts);
            if (!agree) {
                f.countMismatches.add(id + ": expected " + expectedCounts + ", mask_counts " + actual);
            }
        }
        for (String leak : leaks) {
            String kind = leak.substring(leak.indexOf(": ") + 2, leak.indexOf(" '"));
            f.leaksPerKind.merge(kind, 1, Integer::sum);
        }
        return f;
    }
}
