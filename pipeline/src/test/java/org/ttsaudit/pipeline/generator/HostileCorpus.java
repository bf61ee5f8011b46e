package org.ttsaudit.pipeline.generator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.ingest.ErrorCode;

/**
 * A deterministic corpus of hostile records for the request topic, each with the outcome the
 * contract (DESIGN.md 3.1) and {@link ErrorCode} give it: broken JSON, bytes that are not UTF-8,
 * control and format characters, emoji and combining marks, records over the size limit and
 * nested past the parser's depth limit, SQL in every string field, numbers out of range, repeated
 * request ids, and valid requests among them. Every kind comes many times, varied by the seed.
 *
 * <p>A record whose request_id the job cannot use (it is not JSON, or the id itself is refused)
 * is expected under its topic-partition-offset, so it carries no id here. Of the records sharing
 * a request id the first decides the outcome, the others are dead letters
 * ({@link ErrorCode#DUPLICATE_REQUEST_ID}); {@link #generate()} keeps them in order.
 */
public final class HostileCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Speakable, free of personal data, and 2 tokens long for the duration edges (400 ms natural). */
    private static final String SHORT_TEXT = "你好";
    private static final String[] TEXTS = {"今天天气很好，我们去公园散步吧。", "欢迎使用语音合成服务。", "Hello from the pipeline.",
        "请在三点之前把报告发给我。", "这段音频由流式管道生成。", "Model A4 is ready."};
    private static final String LONG_PASSAGE = "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少床前明月光疑是地上霜举头望明月低头思故乡";

    /**
     * One record of the corpus: its kind, the request with its expected outcome, and the digits of
     * personal data in its text that must never be stored whole (null when it has none).
     */
    public record Entry(String kind, GeneratedRequest request, String personalDigits) {
        /** The same entry sent as {@code payload}: a literal the JSON writer cannot produce. */
        Entry withPayload(byte[] payload) {
            return new Entry(kind, new GeneratedRequest(request.requestId(), payload, request.expectedStatus(),
                    request.expectedErrorCode(), request.expectDeadLetter()), personalDigits);
        }
    }

    private final Random random;
    private final String runId;
    private final Path voiceDir;
    private final int maxTextChars;
    private final int maxRequestBytes;
    private int nextId;

    /** Requests point at the voices {@link RequestGenerator#writeVoices()} writes to {@code voiceDir}. */
    public HostileCorpus(long seed, String runId, Path voiceDir, Configuration limits) {
        this.random = new Random(seed);
        this.runId = runId;
        this.voiceDir = voiceDir.toAbsolutePath().normalize();
        this.maxTextChars = limits.get(TtsOptions.MAX_TEXT_CHARS);
        this.maxRequestBytes = limits.get(TtsOptions.MAX_REQUEST_BYTES);
    }

    /** Every kind, in a seeded order; the records of one request id stay together and in order. */
    public List<Entry> generate() {
        List<List<Entry>> units = new ArrayList<>();
        for (List<Entry> kind : List.of(malformedJson(), invalidUtf8(), invisibleCharacters(), emojiAndMarks(),
                oversized(), deeplyNested(), sqlInEveryField(), numbersOutOfRange(), valid())) {
            kind.forEach(e -> units.add(List.of(e)));
        }
        units.addAll(repeatedIds());
        Collections.shuffle(units, random);
        return units.stream().flatMap(List::stream).toList();
    }

    /** {@code count} valid requests of exactly limits.max-text-chars Chinese characters, free mode. */
    public List<GeneratedRequest> maxLengthTexts(int count) {
        List<GeneratedRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder(maxTextChars);
            for (int c = 0; c < maxTextChars; c++) {
                text.append(LONG_PASSAGE.charAt((c + i) % LONG_PASSAGE.length()));
            }
            out.add(ok("max", base("max").put("text", text.toString())).request());
        }
        return out;
    }

    private List<Entry> malformedJson() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] whole = bytes(base("json"));
            out.add(refusedWithoutId("json", Arrays.copyOf(whole, random.nextInt(whole.length)),
                    ErrorCode.MALFORMED_JSON));
        }
        List<Function<String, String>> breaks = List.of(
                s -> s.replace("}", ",}"), s -> s.replace("\"", "'"), s -> s.replace("\"user_id\"", "user_id"),
                s -> "/* comment */" + s, s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":NaN"),
                s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":Infinity"),
                s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":-Infinity"),
                s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":007"),
                s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":0x1F"),
                s -> s.replaceFirst("\"user_id\":\\d+", "\"user_id\":+5"),
                s -> s.replace("}", ",\"user_id\":3}"), s -> s + " garbage", s -> s + s, s -> s.replace(":", " "),
                s -> s.replace("\"text\":\"", "\"text\":\"\u0001"), s -> s.replace("\"text\":\"", "\"text\":\"line\nbreak"),
                s -> s.replace("\"text\":\"", "\"text\":\"\\x41"), s -> s.replace("\"text\":\"", "\"text\":\"\\u12"),
                s -> s.substring(0, s.lastIndexOf('"')), s -> s.replace("{", "{{"));
        for (int round = 0; round < 3; round++) {
            for (Function<String, String> broken : breaks) {
                out.add(refusedWithoutId("json", broken.apply(json(base("json"))).getBytes(UTF_8), ErrorCode.MALFORMED_JSON));
            }
        }
        for (String notAnObject : List.of("[]", "[{\"user_id\":1}]", "\"text\"", "42", "-0.5e3", "true", "null", " null ")) {
            out.add(refusedWithoutId("json", notAnObject.getBytes(UTF_8), ErrorCode.NOT_AN_OBJECT));
        }
        for (String empty : List.of("", " ", "\n\t  ")) {
            out.add(refusedWithoutId("json", empty.getBytes(UTF_8), ErrorCode.MALFORMED_JSON));
        }
        return out;
    }

    /** Each bad sequence in the text, in another string field and between tokens; and a record cut inside a character. */
    private List<Entry> invalidUtf8() {
        List<Entry> out = new ArrayList<>();
        for (byte[] bad : BadUtf8.SEQUENCES) {
            for (String field : List.of("text", "emotion_desc", "request_id", "between", "key")) {
                ObjectNode n = base("utf8").put("emotion_desc", "gently@");
                n.put("text", pick(TEXTS) + "@" + pick(TEXTS));
                String record = json(n);
                record = switch (field) {
                    case "emotion_desc" -> record.replaceFirst("@", "");
                    case "request_id" -> record.replace("@", "").replace("\"request_id\":\"", "\"request_id\":\"@");
                    case "between" -> record.replace("@", "").replace(",\"user_id\"", ",@\"user_id\"");
                    case "key" -> record.replace("@", "").replace("\"user_id\"", "\"user@_id\"");
                    default -> record.replaceFirst("gently@", "gently");
                };
                byte[] bytes = record.getBytes(UTF_8);
                out.add(refusedWithoutId("utf8", BadUtf8.splice(bytes, BadUtf8.indexOf(bytes, '@'), bad), ErrorCode.MALFORMED_JSON));
            }
        }
        for (int i = 0; i < 6; i++) {
            String record = json(base("utf8").put("text", "语音合成服务"));
            int insideACharacter = record.substring(0, record.indexOf('语')).getBytes(UTF_8).length + 1 + i % 2;
            out.add(refusedWithoutId("utf8", Arrays.copyOf(record.getBytes(UTF_8), insideACharacter), ErrorCode.MALFORMED_JSON));
        }
        return out;
    }

    /**
     * Accepted with them taken out where the text stays speakable, and a phone number split by
     * them must still be masked; refused with the field's own code where the field has a form.
     */
    private List<Entry> invisibleCharacters() {
        List<Entry> out = new ArrayList<>();
        for (String sequence : HostileValues.ESCAPE_SEQUENCES) {
            out.add(ok("ctl", base("ctl").put("text", sprinkle(pick(TEXTS), sequence))));
            out.add(ok("ctl", base("ctl").put("emotion_desc", sprinkle("gently", sequence))));
        }
        for (String c : HostileValues.INVISIBLE) {
            out.add(ok("ctl", base("ctl").put("text", sprinkle(pick(TEXTS), c))));
            String digits = "1" + (3 + random.nextInt(7)) + digits(9);
            out.add(new Entry("ctl", ok("ctl", base("ctl").put("text", "请拨打" + digits.substring(0, 3) + c
                    + digits.substring(3, 7) + c + digits.substring(7) + "联系我")).request(), digits));
            out.add(ok("ctl", base("ctl").put("emotion_desc", sprinkle("gently", c))));
            out.add(ok("ctl", base("ctl").put("text", "电话").put("pinyin", "dian4" + c + " hua4")));
            out.add(refused("ctl", base("ctl").put("mode", "free" + c), ErrorCode.BAD_MODE));
            out.add(refused("ctl", base("ctl").put("submitted_at", "2026-01-31T08:00:00Z" + c), ErrorCode.BAD_TIMESTAMP));
            out.add(refusedWithoutId("ctl", bytes(base("ctl").put("request_id", runId + "-ctl" + c + nextId++)),
                    ErrorCode.BAD_REQUEST_ID));
            out.add(refused("ctl", base("ctl").put("text", c + " " + c + c), ErrorCode.TEXT_EMPTY));
        }
        for (int control = 0; control < 0x20; control += 3) {
            String raw = json(base("ctl")).replace("\"text\":\"", "\"text\":\"" + (char) control);
            out.add(refusedWithoutId("ctl", raw.getBytes(UTF_8), ErrorCode.MALFORMED_JSON));
        }
        return out;
    }

    /** Read from the tokenizer: only Han characters, ASCII letters and digits are spoken, pauses aside. */
    private List<Entry> emojiAndMarks() {
        List<Entry> out = new ArrayList<>();
        for (String emoji : HostileValues.EMOJI) {
            out.add(refused("uni", base("uni").put("text", emoji), ErrorCode.TEXT_UNSPEAKABLE));
            out.add(refused("uni", base("uni").put("text", emoji + " " + pick(HostileValues.EMOJI) + "！"), ErrorCode.TEXT_UNSPEAKABLE));
            out.add(ok("uni", base("uni").put("text", emoji + pick(TEXTS) + emoji)));
            out.add(ok("uni", base("uni").put("emotion_desc", "happy " + emoji)));
            out.add(refused("uni", base("uni").put("text", "你好").put("pinyin", "ni3 " + emoji), ErrorCode.UNKNOWN_PINYIN));
            out.add(refusedWithoutId("uni", bytes(base("uni").put("request_id", runId + "-uni" + emoji)), ErrorCode.BAD_REQUEST_ID));
        }
        for (String marks : HostileValues.COMBINING) {
            out.add(refused("uni", base("uni").put("text", marks), ErrorCode.TEXT_UNSPEAKABLE));
            out.add(ok("uni", base("uni").put("text", sprinkle("hello world", marks))));
            out.add(ok("uni", base("uni").put("text", sprinkle("欢迎使用", marks))));
        }
        for (String script : HostileValues.OTHER_SCRIPTS) {
            out.add(refused("uni", base("uni").put("text", script), ErrorCode.TEXT_UNSPEAKABLE));
            out.add(ok("uni", base("uni").put("text", script + " " + pick(TEXTS))));
        }
        out.add(refused("uni", base("uni").put("text", "\uD840\uDC00\uD840\uDC01"), ErrorCode.TEXT_UNSPEAKABLE));
        return out;
    }

    private List<Entry> oversized() {
        List<Entry> out = new ArrayList<>();
        int limit = maxRequestBytes;
        for (int size : new int[] {limit + 1, limit + 17, limit + 4096, 2 * limit, 4 * limit, 10 * limit, 900_000}) {
            out.add(refusedWithoutId("huge", sized(base("huge"), "text", size), ErrorCode.REQUEST_TOO_LARGE));
            out.add(refusedWithoutId("huge", sized(base("huge"), "padding", size), ErrorCode.REQUEST_TOO_LARGE));
            out.add(refusedWithoutId("huge", sized(base("huge"), "emotion_desc", size), ErrorCode.REQUEST_TOO_LARGE));
            String spaced = json(base("huge")).replace(",", " ".repeat(size / 3) + ",");
            out.add(refusedWithoutId("huge", spaced.getBytes(UTF_8), ErrorCode.REQUEST_TOO_LARGE));
        }
        for (int size : new int[] {limit, limit - 1}) {
            ObjectNode n = base("huge");
            out.add(new Entry("huge", new GeneratedRequest(n.get("request_id").asText(), sized(n, "padding", size),
                    "success", null, false), null));
        }
        out.add(refused("huge", base("huge").put("text", "长".repeat(maxTextChars + 1)), ErrorCode.TEXT_TOO_LONG));
        out.add(refused("huge", base("huge").put("text", "ab".repeat(maxTextChars)), ErrorCode.TEXT_TOO_LONG));
        out.add(refused("huge", base("huge").put("emotion_desc", "x".repeat(257)), ErrorCode.FIELD_TOO_LONG));
        return out;
    }

    /** Past the parser's 1000 levels the record is malformed; within them an unknown field is ignored. */
    private List<Entry> deeplyNested() {
        List<Entry> out = new ArrayList<>();
        // 10,000 levels of an object are 60 KB: under the size limit, so the depth limit is what refuses them.
        for (int depth : new int[] {1_001, 2_000, 5_000, 10_000}) {
            out.add(refusedWithoutId("deep", "[".repeat(depth).getBytes(UTF_8), ErrorCode.MALFORMED_JSON));
            out.add(refusedWithoutId("deep", ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8), ErrorCode.MALFORMED_JSON));
            out.add(refusedWithoutId("deep", ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(UTF_8),
                    ErrorCode.MALFORMED_JSON));
            out.add(refusedWithoutId("deep", withLiteral(base("deep"), "extra", "[".repeat(depth) + "]".repeat(depth)),
                    ErrorCode.MALFORMED_JSON));
        }
        out.add(refusedWithoutId("deep", "[".repeat(100_000).getBytes(UTF_8), ErrorCode.REQUEST_TOO_LARGE));
        for (int depth : new int[] {10, 100, 500, 900}) {
            String array = "[".repeat(depth) + "]".repeat(depth);
            ObjectNode inArray = base("deep");
            out.add(ok("deep", inArray).withPayload(withLiteral(inArray, "extra", array)));
            ObjectNode inObject = base("deep");
            out.add(ok("deep", inObject).withPayload(withLiteral(inObject, "extra", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth))));
            ObjectNode asText = base("deep");
            out.add(refused("deep", asText, ErrorCode.WRONG_TYPE).withPayload(withLiteral(asText, "text", array)));
        }
        return out;
    }

    /**
     * Stored as sent where the field is stored (text, emotion_desc, a refused pinyin), refused by
     * its form elsewhere; never executed, since every write is a prepared statement.
     */
    private List<Entry> sqlInEveryField() {
        List<Entry> out = new ArrayList<>();
        for (String sql : HostileValues.SQL) {
            out.add(ok("sql", base("sql").put("text", sql)));
            out.add(ok("sql", base("sql").put("emotion_desc", sql)));
            out.add(ok("sql", base("sql").put(sql, sql)));
            out.add(refused("sql", base("sql").put("text", SHORT_TEXT).put("pinyin", sql), ErrorCode.UNKNOWN_PINYIN));
            out.add(refusedWithoutId("sql", bytes(base("sql").put("request_id", sql)), ErrorCode.BAD_REQUEST_ID));
            out.add(refused("sql", base("sql").put("ref_audio_url", voice() + sql), ErrorCode.BAD_REF_AUDIO_URL));
            out.add(refused("sql", base("sql").put("mode", sql), ErrorCode.BAD_MODE));
            out.add(refused("sql", base("sql").put("submitted_at", sql), ErrorCode.BAD_TIMESTAMP));
            out.add(refused("sql", base("sql").put("user_id", sql), ErrorCode.WRONG_TYPE));
        }
        return out;
    }

    private record Edge(String field, String literal, ErrorCode code) {}

    /** Each edge on a few different requests; a duration target comes with mode 'controlled'. */
    private List<Entry> numbersOutOfRange() {
        List<Edge> edges = List.of(
                new Edge("user_id", "9223372036854775807", null), new Edge("user_id", "9223372036854775808", ErrorCode.WRONG_TYPE),
                new Edge("user_id", "18446744073709551617", ErrorCode.WRONG_TYPE), new Edge("user_id", "-9223372036854775808", ErrorCode.BAD_USER_ID),
                new Edge("user_id", "-1", ErrorCode.BAD_USER_ID), new Edge("user_id", "0", ErrorCode.BAD_USER_ID),
                new Edge("user_id", "1.5", ErrorCode.WRONG_TYPE), new Edge("user_id", "1.0", ErrorCode.WRONG_TYPE),
                new Edge("user_id", "1e3", ErrorCode.WRONG_TYPE), new Edge("user_id", "1e309", ErrorCode.WRONG_TYPE),
                new Edge("user_id", "-1e309", ErrorCode.WRONG_TYPE), new Edge("user_id", "\"42\"", ErrorCode.WRONG_TYPE),
                new Edge("user_id", "1" + "0".repeat(1_000), ErrorCode.MALFORMED_JSON),
                new Edge("emotion_intensity", "0", null), new Edge("emotion_intensity", "-0.0", null),
                new Edge("emotion_intensity", "1e-400", null), new Edge("emotion_intensity", "1.0000001", ErrorCode.BAD_EMOTION_INTENSITY),
                new Edge("emotion_intensity", "-1e-9", ErrorCode.BAD_EMOTION_INTENSITY),
                new Edge("emotion_intensity", "1e309", ErrorCode.BAD_EMOTION_INTENSITY),
                new Edge("emotion_intensity", "-1e309", ErrorCode.BAD_EMOTION_INTENSITY),
                new Edge("emotion_intensity", "100000000000000000000000000000", ErrorCode.BAD_EMOTION_INTENSITY),
                new Edge("emotion_vector", "[1.2,1.2,1.2,1.2,1.2,1.2,1.2,1.2]", null),
                new Edge("emotion_vector", "[0,0,0,0,0,0,0,1.2000001]", ErrorCode.BAD_EMOTION_VECTOR),
                new Edge("emotion_vector", "[1e309,0,0,0,0,0,0,0]", ErrorCode.BAD_EMOTION_VECTOR),
                new Edge("emotion_vector", "[0,-1e309,0,0,0,0,0,0]", ErrorCode.BAD_EMOTION_VECTOR),
                new Edge("emotion_vector", "[0,0,18446744073709551617,0,0,0,0,0]", ErrorCode.BAD_EMOTION_VECTOR),
                new Edge("emotion_vector", "[0,0,0,NaN,0,0,0,0]", ErrorCode.MALFORMED_JSON),
                new Edge("target_duration_ms", "200", null), new Edge("target_duration_ms", "1500", null),
                new Edge("target_duration_ms", "199", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "60001", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "2147483648", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "9223372036854775808", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "18446744073709552616", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "-1", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ms", "1500.0", ErrorCode.WRONG_TYPE),
                new Edge("target_duration_ms", "1e309", ErrorCode.WRONG_TYPE),
                new Edge("target_duration_ratio", "0.5", null), new Edge("target_duration_ratio", "2.0", null),
                new Edge("target_duration_ratio", "0.49999999", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ratio", "2.00000001", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ratio", "1e309", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ratio", "-1e309", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ratio", "18446744073709551616", ErrorCode.BAD_DURATION_TARGET),
                new Edge("target_duration_ratio", "\"1.0\"", ErrorCode.WRONG_TYPE),
                new Edge("submitted_at", "\"1970-01-01T00:00:00Z\"", null),
                new Edge("submitted_at", "\"1969-12-31T23:59:59.999Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"0001-01-01T00:00:00Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"+10000-01-01T00:00:00Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"+999999999-12-31T23:59:59Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"-999999999-01-01T00:00:00Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"2100-01-01T00:00:00Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"2026-02-30T08:00:00Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"2026-06-30T23:59:60Z\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "\"\"", ErrorCode.BAD_TIMESTAMP),
                new Edge("submitted_at", "1769846400000", ErrorCode.WRONG_TYPE));
        List<Entry> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Edge edge : edges) {
                ObjectNode n = base("num");
                if (edge.field().startsWith("target_duration")) {
                    n.put("mode", "controlled").put("text", SHORT_TEXT);
                }
                byte[] payload = withLiteral(n, edge.field(), edge.literal());
                Entry entry = edge.code() == null ? ok("num", n)
                        : edge.code() == ErrorCode.MALFORMED_JSON ? refusedWithoutId("num", payload, edge.code())
                        : refused("num", n, edge.code());
                out.add(entry.withPayload(payload));
            }
            // Valid in form, beyond what the synthesizer can stretch 2 tokens (400 ms) to: refused at synthesis.
            for (int ms : new int[] {1_601, 60_000}) {
                ObjectNode n = base("num").put("text", SHORT_TEXT).put("mode", "controlled").put("target_duration_ms", ms);
                out.add(new Entry("num", new GeneratedRequest(n.get("request_id").asText(), bytes(n), "rejected",
                        ErrorCode.BAD_DURATION_TARGET.name(), false), null));
            }
        }
        return out;
    }

    private List<Entry> valid() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ObjectNode n = base("ok");
            switch (i % 4) {
                case 0 -> n.put("emotion_desc", "非常开心");
                case 1 -> n.put("mode", "controlled").put("target_duration_ratio", 1.5);
                case 2 -> n.put("text", "行长说明天开会。").put("pinyin", "hang2 zhang3");
                default -> n.put("submitted_at", "2026-01-31T08:00:00Z");
            }
            out.add(ok("ok", n));
        }
        return out;
    }

    /** Groups of records sharing an id, sent in order: the first decides, the later ones are dead letters. */
    private List<List<Entry>> repeatedIds() {
        List<List<Entry>> groups = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            ObjectNode a = base("rep");
            groups.add(List.of(ok("rep", a), repeat(bytes(a))));
            ObjectNode b = base("rep");
            groups.add(List.of(ok("rep", b), repeat(bytes(b.deepCopy().put("text", "换一段不同的内容。")))));
            ObjectNode c = base("rep");
            groups.add(List.of(ok("rep", c), repeat(bytes(c.deepCopy().put("text", " "))),
                    repeat(bytes(c.deepCopy().put("emotion_desc", "calm")))));
            ObjectNode d = base("rep").put("mode", "turbo");
            groups.add(List.of(refused("rep", d, ErrorCode.BAD_MODE), repeat(bytes(d.deepCopy().put("mode", "free")))));
            ObjectNode e = base("rep").put("text", "");
            groups.add(List.of(refused("rep", e, ErrorCode.TEXT_EMPTY), repeat(bytes(e))));
        }
        return groups;
    }

    private Entry repeat(byte[] payload) {
        String id;
        try {
            id = JSON.readTree(payload).get("request_id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Entry("rep", new GeneratedRequest(id, payload, "rejected", ErrorCode.DUPLICATE_REQUEST_ID.name(), true), null);
    }

    private Entry ok(String kind, ObjectNode n) {
        return new Entry(kind, new GeneratedRequest(n.get("request_id").asText(), bytes(n), "success", null, false), null);
    }

    /** Refused at validation: a rejected row under the request's id and a dead letter. */
    private Entry refused(String kind, ObjectNode n, ErrorCode code) {
        return new Entry(kind, new GeneratedRequest(n.get("request_id").asText(), bytes(n), "rejected", code.name(), true), null);
    }

    /** Refused before its request_id could be used: expected under its topic-partition-offset. */
    private static Entry refusedWithoutId(String kind, byte[] payload, ErrorCode code) {
        return new Entry(kind, new GeneratedRequest(null, payload, "rejected", code.name(), true), null);
    }

    private ObjectNode base(String kind) {
        ObjectNode n = JSON.createObjectNode();
        n.put("request_id", runId + "-" + kind + "-" + nextId++);
        n.put("user_id", 1 + random.nextInt(1000));
        n.put("text", pick(TEXTS));
        n.put("ref_audio_url", voice());
        return n;
    }

    private String voice() {
        return "file:" + voiceDir.resolve("voice-" + random.nextInt(RequestGenerator.VOICES) + ".wav");
    }

    /** The request with {@code field} set to {@code literal} as written: numbers JSON parsers differ on, nesting. */
    private static byte[] withLiteral(ObjectNode n, String field, String literal) {
        String placeholder = "@@literal@@";
        return json(n.deepCopy().put(field, placeholder)).replace("\"" + placeholder + "\"", literal).getBytes(UTF_8);
    }

    /** The request with {@code field} filled with ASCII until the record is exactly {@code size} bytes. */
    private static byte[] sized(ObjectNode n, String field, int size) {
        int without = bytes(n.deepCopy().put(field, "")).length;
        byte[] out = bytes(n.deepCopy().put(field, "x".repeat(size - without)));
        if (out.length != size) {
            throw new IllegalStateException("sized record is " + out.length + " bytes, not " + size);
        }
        return out;
    }

    /** {@code c} put between the characters of {@code text} at a few seeded places. */
    private String sprinkle(String text, String c) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < 3; i++) {
            out.insert(1 + random.nextInt(out.length() - 1), c);
        }
        return out.toString();
    }

    private String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String json(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        return json(n).getBytes(UTF_8);
    }
}
