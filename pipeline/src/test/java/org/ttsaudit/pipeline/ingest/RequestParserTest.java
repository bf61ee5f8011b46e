package org.ttsaudit.pipeline.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsaudit.inference.onnx.OnnxModel;
import org.ttsaudit.pipeline.config.TtsOptions;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.text.Tokenizer;

class RequestParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "tts.requests";
    private static final int PARTITION = 3;
    private static final long OFFSET = 42;
    private static final long KAFKA_TIME = Instant.parse("2026-02-01T10:00:00Z").toEpochMilli();
    private static final long NOW = KAFKA_TIME + 5_000;
    private static final int MAX_REQUEST_BYTES = 2048;
    /** Appears only in the request text; no rejection message may contain it. */
    private static final String MARKER = "保密暗号";

    @TempDir
    static Path refRoot;
    private static Tokenizer tokenizer;
    private static RequestParser parser;
    private static String refUrl;

    @BeforeAll
    static void setUp() {
        tokenizer = Tokenizer.fromCard(OnnxModel.readCard(TtsOptions.MODEL_SYNTH.defaultValue()));
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_FILE_ROOT, refRoot.toString());
        config.set(TtsOptions.MAX_REQUEST_BYTES, MAX_REQUEST_BYTES);
        parser = new RequestParser(ValidationRules.from(config), tokenizer);
        refUrl = refRoot.resolve("voice.wav").toUri().toString();
    }

    @Test
    void shouldParseAMinimalRequestWithDefaults() throws Exception {
        TtsRequest r = parser.parse(raw(json("{}"), OFFSET), NOW);

        assertThat(r.userId).isEqualTo(7L);
        assertThat(r.text).isEqualTo("你好");
        assertThat(r.refAudioUrl).isEqualTo(refUrl);
        assertThat(r.mode).isEqualTo("free");
        assertThat(r.controlled()).isFalse();
        assertThat(r.emotionIntensity).isEqualTo(1.0f);
        assertThat(r.emotionVector).isNull();
        assertThat(r.targetDurationMs).isNull();
        assertThat(r.targetDurationRatio).isNull();
        assertThat(r.eventTime).isEqualTo(KAFKA_TIME);
        assertThat(r.ingestTime).isEqualTo(NOW);
        assertThat(r.requestId).isEqualTo("tts.requests-3-42");
        assertThat(r.sourceTopic).isEqualTo(TOPIC);
        assertThat(r.sourcePartition).isEqualTo(PARTITION);
        assertThat(r.sourceOffset).isEqualTo(OFFSET);
        assertThat(r.tokens).as("read once here, carried to synthesis").containsExactly(tokenizer.tokenize("你好", null));
    }

    @Test
    void shouldDeriveTheSameIdWhenTheSameRecordIsParsedAgain() throws Exception {
        byte[] value = json("{}");
        String first = parser.parse(raw(value, OFFSET), NOW).requestId;
        String replay = parser.parse(raw(value, OFFSET), NOW + 60_000).requestId;
        String next = parser.parse(raw(value, OFFSET + 1), NOW).requestId;

        assertThat(replay).isEqualTo(first);
        assertThat(next).isEqualTo("tts.requests-3-43").isNotEqualTo(first);
    }

    @Test
    void shouldParseEveryOptionalField() throws Exception {
        TtsRequest r = parser.parse(raw(json("""
                {"request_id": "order-17:a_b.c", "pinyin": "ni3 *", "emotion_desc": "gently",
                 "emotion_vector": [0, 0.5, 0, 0, 0, 0, 0, 1.2], "emotion_intensity": 0.25,
                 "mode": "controlled", "target_duration_ms": 1500, "unknown_field": {"ignored": true}}"""), OFFSET), NOW);

        assertThat(r.requestId).isEqualTo("order-17:a_b.c");
        assertThat(r.pinyin).isEqualTo("ni3 *");
        assertThat(r.emotionDesc).isEqualTo("gently");
        assertThat(r.emotionVector).containsExactly(0f, 0.5f, 0f, 0f, 0f, 0f, 0f, 1.2f);
        assertThat(r.emotionIntensity).isEqualTo(0.25f);
        assertThat(r.controlled()).isTrue();
        assertThat(r.targetDurationMs).isEqualTo(1500);
        assertThat(r.targetDurationRatio).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31T08:00:00Z", "2026-01-31T16:00:00+08:00", "2026-01-31T08:00:00.000Z"})
    void shouldTakeEventTimeFromSubmittedAt(String submittedAt) throws Exception {
        TtsRequest r = parser.parse(raw(json("{\"submitted_at\": \"" + submittedAt + "\"}"), OFFSET), NOW);

        assertThat(r.eventTime).isEqualTo(Instant.parse("2026-01-31T08:00:00Z").toEpochMilli());
        assertThat(r.enqueuedAt).as("when it entered the topic, whatever the client says").isEqualTo(KAFKA_TIME);
    }

    @Test
    void shouldRejectAnEventTimeFarInTheFutureButAcceptSmallClockSkew() throws Exception {
        String skewed = Instant.ofEpochMilli(NOW).plusSeconds(10 * 60).toString();
        assertThat(parser.parse(raw(json("{\"submitted_at\": \"" + skewed + "\"}"), OFFSET), NOW).eventTime)
                .isEqualTo(NOW + 10 * 60 * 1000);
        String ahead = Instant.ofEpochMilli(NOW).plusSeconds(16 * 60).toString();
        assertThatThrownBy(() -> parser.parse(raw(json("{\"submitted_at\": \"" + ahead + "\"}"), OFFSET), NOW))
                .isInstanceOfSatisfying(RequestParser.Rejected.class, e -> assertThat(e.code).isEqualTo(ErrorCode.BAD_TIMESTAMP));
    }

    static Stream<Arguments> recordsThatAreNotOneObject() {
        String valid = "{\"user_id\": 7, \"text\": \"你好\", \"ref_audio_url\": \"file:/x.wav\"}";
        return Stream.of(
                arguments("truncated JSON", "{\"user_id\": 7, \"text\":", ErrorCode.MALFORMED_JSON),
                arguments("trailing garbage", valid + " x", ErrorCode.MALFORMED_JSON),
                arguments("two objects", valid + valid, ErrorCode.MALFORMED_JSON),
                arguments("duplicate keys", "{\"user_id\": 7, \"user_id\": 8, \"text\": \"你好\"}", ErrorCode.MALFORMED_JSON),
                arguments("empty record", "", ErrorCode.MALFORMED_JSON),
                arguments("only white space", " \n\t ", ErrorCode.MALFORMED_JSON),
                arguments("an array", "[" + valid + "]", ErrorCode.NOT_AN_OBJECT),
                arguments("a string", "\"你好\"", ErrorCode.NOT_AN_OBJECT),
                arguments("JSON null", "null", ErrorCode.NOT_AN_OBJECT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordsThatAreNotOneObject")
    void shouldRejectARecordThatIsNotOneJsonObject(String name, String record, ErrorCode expected) {
        RequestParser.Rejected e = reject(raw(record.getBytes(UTF_8), OFFSET));

        assertThat(e.code).isEqualTo(expected);
        assertThat(e.partial.requestId).isEqualTo("tts.requests-3-42");
        assertThat(e.partial.eventTime).isEqualTo(KAFKA_TIME);
    }

    @Test
    void shouldRejectNullAndInvalidUtf8RecordsAsMalformed() {
        byte[] invalidUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};

        assertThat(reject(raw(null, OFFSET)).code).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(reject(raw(invalidUtf8, OFFSET)).code).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    static Stream<Arguments> invalidUtf8InsideTheText() {
        return Stream.of(
                arguments("overlong '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                arguments("overlong three-byte '/'", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                arguments("CESU-8 high surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                arguments("CESU-8 surrogate pair", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}),
                arguments("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                arguments("truncated three-byte sequence", new byte[] {(byte) 0xE4, (byte) 0xBD}),
                arguments("lone continuation byte", new byte[] {(byte) 0x80}));
    }

    /** Jackson's byte parser decodes the first five into some character; UTF-8 forbids them all. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8InsideTheText")
    void shouldRejectInvalidUtf8InsideAStringAsMalformed(String name, byte[] bad) throws Exception {
        byte[] request = json("{\"text\": \"你@好\"}");
        int at = 0;
        while (request[at] != '@') {
            at++;
        }
        byte[] broken = new byte[request.length - 1 + bad.length];
        System.arraycopy(request, 0, broken, 0, at);
        System.arraycopy(bad, 0, broken, at, bad.length);
        System.arraycopy(request, at + 1, broken, at + bad.length, request.length - at - 1);

        assertThat(reject(raw(broken, OFFSET)).code).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    /** Deeper than the parser's 1000 levels, or a number of 2000 digits: refused before any recursion. */
    @ParameterizedTest
    @ValueSource(strings = {"deep array", "deep object", "deep field", "long number"})
    void shouldRejectJsonBeyondTheParsersLimitsAsMalformed(String shape) throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_FILE_ROOT, refRoot.toString());
        RequestParser roomy = new RequestParser(ValidationRules.from(config), tokenizer);
        String record = switch (shape) {
            case "deep array" -> "[".repeat(10_000);
            case "deep object" -> "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
            case "deep field" -> new String(json("{}"), UTF_8).replace("}", ",\"x\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}");
            default -> new String(json("{}"), UTF_8).replace("}", ",\"emotion_intensity\":1" + "0".repeat(2_000) + "}");
        };

        RequestParser.Rejected e = reject(roomy, raw(record.getBytes(UTF_8), OFFSET));

        assertThat(e.code).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(e.partial.requestId).isEqualTo("tts.requests-3-42");
    }

    /** Not spoken, and a number they split would escape the masker (see Invisible). */
    @Test
    void shouldRemoveInvisibleCharactersFromTheFreeTextFields() throws Exception {
        TtsRequest r = parser.parse(raw(json("""
                {"text": "\\u202E电话138\\u200B1234\\u00005678\\u001b[0m\\ud800 👨\\u200D👩 e\\u0301",
                 "emotion_desc": "gen\\u00ADtly\\u0007", "pinyin": "dian4\\u2060 hua4"}"""), OFFSET), NOW);

        assertThat(r.text).isEqualTo("电话13812345678[0m 👨👩 e\u0301");
        assertThat(r.emotionDesc).isEqualTo("gently");
        assertThat(r.pinyin).isEqualTo("dian4 hua4");
    }

    @Test
    void shouldFindATextOfOnlyInvisibleCharactersEmpty() throws Exception {
        assertThat(reject(raw(json("{\"text\": \"\\u0000\\u200B\\u202E \\u0001\"}"), OFFSET)).code)
                .isEqualTo(ErrorCode.TEXT_EMPTY);
    }

    @Test
    void shouldAcceptARecordAtTheByteLimitAndRejectOneByteMore() throws Exception {
        byte[] atLimit = padded(MAX_REQUEST_BYTES);
        byte[] overLimit = padded(MAX_REQUEST_BYTES + 1);

        assertThat(parser.parse(raw(atLimit, OFFSET), NOW).userId).isEqualTo(7L);
        assertThat(reject(raw(overLimit, OFFSET)).code).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "text", "ref_audio_url"})
    void shouldRejectARequestWithoutARequiredField(String field) throws Exception {
        ObjectNode request = base();
        request.remove(field);
        assertThat(reject(raw(JSON.writeValueAsBytes(request), OFFSET)).code).isEqualTo(ErrorCode.MISSING_FIELD);

        request.putNull(field);
        assertThat(reject(raw(JSON.writeValueAsBytes(request), OFFSET)).code).isEqualTo(ErrorCode.MISSING_FIELD);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                arguments("{\"user_id\": \"7\"}", ErrorCode.WRONG_TYPE),
                arguments("{\"user_id\": 7.5}", ErrorCode.WRONG_TYPE),
                arguments("{\"user_id\": 123456789012345678901234567890}", ErrorCode.WRONG_TYPE),
                arguments("{\"text\": 42}", ErrorCode.WRONG_TYPE),
                arguments("{\"ref_audio_url\": [\"file:/a.wav\"]}", ErrorCode.WRONG_TYPE),
                arguments("{\"request_id\": 17}", ErrorCode.WRONG_TYPE),
                arguments("{\"pinyin\": 3}", ErrorCode.WRONG_TYPE),
                arguments("{\"emotion_intensity\": \"high\"}", ErrorCode.WRONG_TYPE),
                arguments("{\"mode\": \"controlled\", \"target_duration_ms\": 1500.5}", ErrorCode.WRONG_TYPE),
                arguments("{\"submitted_at\": 1769846400000}", ErrorCode.WRONG_TYPE),
                arguments("{\"user_id\": 0}", ErrorCode.BAD_USER_ID),
                arguments("{\"user_id\": -5}", ErrorCode.BAD_USER_ID),
                arguments("{\"text\": \"\"}", ErrorCode.TEXT_EMPTY),
                arguments("{\"text\": \" \\t\\n \\u3000 \"}", ErrorCode.TEXT_EMPTY),
                arguments("{\"request_id\": \"a/b\"}", ErrorCode.BAD_REQUEST_ID),
                arguments("{\"request_id\": \"..\"}", ErrorCode.BAD_REQUEST_ID),
                arguments("{\"request_id\": \"../../etc/passwd\"}", ErrorCode.BAD_REQUEST_ID),
                arguments("{\"request_id\": \"" + "a".repeat(65) + "\"}", ErrorCode.BAD_REQUEST_ID),
                arguments("{\"emotion_vector\": [0, 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_vector\": [0, 0, 0, 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_vector\": [0, 1.3, 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_vector\": [0, -0.1, 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_vector\": [0, \"0.5\", 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_vector\": \"happy\"}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"emotion_intensity\": 1.5}", ErrorCode.BAD_EMOTION_INTENSITY),
                arguments("{\"emotion_intensity\": -0.1}", ErrorCode.BAD_EMOTION_INTENSITY),
                arguments("{\"mode\": \"turbo\"}", ErrorCode.BAD_MODE),
                arguments("{\"mode\": \"controlled\"}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"controlled\", \"target_duration_ms\": 1500, \"target_duration_ratio\": 1.2}",
                        ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"controlled\", \"target_duration_ms\": 100}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"controlled\", \"target_duration_ms\": 60001}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"controlled\", \"target_duration_ratio\": 3.0}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"controlled\", \"target_duration_ratio\": 0.4}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"target_duration_ms\": 1500}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"mode\": \"free\", \"target_duration_ratio\": 1.2}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"submitted_at\": \"yesterday\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"2026-01-31 08:00:00\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"2026-02-30T08:00:00Z\"}", ErrorCode.BAD_TIMESTAMP),
                // the rejection keeps the Kafka timestamp, not these (the partial's eventTime is checked)
                arguments("{\"submitted_at\": \"2100-01-01T00:00:00Z\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"+10000-01-01T00:00:00Z\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"1969-12-31T23:59:59Z\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"0001-01-01T00:00:00Z\"}", ErrorCode.BAD_TIMESTAMP),
                // beyond epoch milliseconds: once an ArithmeticException, so UNPROCESSABLE
                arguments("{\"submitted_at\": \"+999999999-12-31T23:59:59Z\"}", ErrorCode.BAD_TIMESTAMP),
                arguments("{\"submitted_at\": \"-999999999-01-01T00:00:00Z\"}", ErrorCode.BAD_TIMESTAMP),
                // 2^64 + 1000: asLong() alone wrapped it around to an accepted 1000 ms
                arguments("{\"mode\": \"controlled\", \"target_duration_ms\": 18446744073709552616}",
                        ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"emotion_desc\": \"" + "x".repeat(257) + "\"}", ErrorCode.FIELD_TOO_LONG),
                arguments("{\"ref_audio_url\": \"file:/" + "a".repeat(512) + ".wav\"}", ErrorCode.FIELD_TOO_LONG),
                arguments("{\"ref_audio_url\": \"file:/etc/passwd\"}", ErrorCode.REF_AUDIO_FORBIDDEN),
                arguments("{\"ref_audio_url\": \"ftp://files.example.com/voice.wav\"}", ErrorCode.BAD_REF_AUDIO_URL),
                arguments("{\"ref_audio_url\": \"voice.wav\"}", ErrorCode.BAD_REF_AUDIO_URL),
                arguments("{\"pinyin\": \"nii3 hao3\"}", ErrorCode.UNKNOWN_PINYIN),
                arguments("{\"pinyin\": \"ni hao3\"}", ErrorCode.UNKNOWN_PINYIN),
                arguments("{\"pinyin\": \"ni3 hao3 ma5\"}", ErrorCode.PINYIN_MISMATCH));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("brokenRules")
    void shouldRejectARequestThatBreaksARuleWithItsStableCode(String overrides, ErrorCode expected) throws Exception {
        RequestParser.Rejected e = reject(raw(json(overrides), OFFSET));

        assertThat(e.code).isEqualTo(expected);
        assertThat(e.getMessage()).isNotBlank();
        assertThat(e.partial.sourceOffset).isEqualTo(OFFSET);
        assertThat(e.partial.eventTime).isEqualTo(KAFKA_TIME);
        assertThat(e.partial.requestId).isNotBlank();
    }

    @Test
    void shouldKeepTheFieldsParsedBeforeTheBrokenRule() throws Exception {
        RequestParser.Rejected e = reject(raw(json("""
                {"request_id": "r-1", "emotion_desc": "愤怒", "emotion_vector": [1, 0, 0, 0, 0, 0, 0, 0],
                 "mode": "turbo"}"""), OFFSET));

        assertThat(e.code).isEqualTo(ErrorCode.BAD_MODE);
        assertThat(e.partial.requestId).isEqualTo("r-1");
        assertThat(e.partial.userId).isEqualTo(7L);
        assertThat(e.partial.text).isEqualTo("你好");
        assertThat(e.partial.emotionDesc).isEqualTo("愤怒");
        assertThat(e.partial.refAudioUrl).isEqualTo(refUrl);
        assertThat(e.partial.emotionVector).containsExactly(1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
    }

    @Test
    void shouldCountTextLengthInCodePointsAgainstTheDefaultLimitOf5000() throws Exception {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_FILE_ROOT, refRoot.toString());
        RequestParser defaults = new RequestParser(ValidationRules.from(config), tokenizer);
        String supplementaryHan = "\uD840\uDC00"; // U+20000: one code point, two UTF-16 units

        TtsRequest atLimit = defaults.parse(raw(withText("好".repeat(5000)), OFFSET), NOW);
        TtsRequest wide = defaults.parse(raw(withText(supplementaryHan.repeat(4999) + "好"), OFFSET), NOW);
        RequestParser.Rejected over = reject(defaults, raw(withText("好".repeat(5001)), OFFSET));

        assertThat(atLimit.text).hasSize(5000);
        assertThat(wide.text).hasSize(9999);
        assertThat(over.code).isEqualTo(ErrorCode.TEXT_TOO_LONG);
    }

    @Test
    void shouldRefuseFileReferencesWhenNoFileRootIsConfigured() throws Exception {
        RequestParser noRoot = new RequestParser(ValidationRules.from(new Configuration()), tokenizer);

        assertThat(reject(noRoot, raw(json("{}"), OFFSET)).code).isEqualTo(ErrorCode.REF_AUDIO_FORBIDDEN);
    }

    static Stream<Arguments> rejectionsOfARequestWithText() {
        return Stream.of(
                arguments("{\"user_id\": 0}", ErrorCode.BAD_USER_ID),
                arguments("{\"emotion_vector\": [2, 0, 0, 0, 0, 0, 0, 0]}", ErrorCode.BAD_EMOTION_VECTOR),
                arguments("{\"mode\": \"controlled\"}", ErrorCode.BAD_DURATION_TARGET),
                arguments("{\"ref_audio_url\": \"file:/etc/passwd\"}", ErrorCode.REF_AUDIO_FORBIDDEN),
                arguments("{\"pinyin\": \"xyz1\"}", ErrorCode.UNKNOWN_PINYIN),
                arguments("{\"pinyin\": \"" + "ni3 ".repeat(12) + "\"}", ErrorCode.PINYIN_MISMATCH),
                arguments("{\"text\": \"" + MARKER + "好".repeat(5000) + "\"}", ErrorCode.TEXT_TOO_LONG));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rejectionsOfARequestWithText")
    void shouldNeverQuoteTheRequestTextInARejectionMessage(String overrides, ErrorCode expected) throws Exception {
        ObjectNode request = base();
        request.put("text", "请转告" + MARKER + "明天见");
        request.setAll((ObjectNode) JSON.readTree(overrides));
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_FILE_ROOT, refRoot.toString());
        RequestParser roomy = new RequestParser(ValidationRules.from(config), tokenizer);

        RequestParser.Rejected e = reject(roomy, raw(JSON.writeValueAsBytes(request), OFFSET));

        assertThat(e.code).isEqualTo(expected);
        assertThat(e.getMessage()).doesNotContain(MARKER).doesNotContain("明天见");
    }

    @Test
    void shouldNotQuoteTheTextWhenTheJsonBreaksAfterIt() {
        byte[] broken = ("{\"text\": \"请转告" + MARKER + "\", \"user_id\": ").getBytes(UTF_8);

        RequestParser.Rejected e = reject(raw(broken, OFFSET));

        assertThat(e.code).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(e.getMessage()).doesNotContain(MARKER);
    }

    private static ObjectNode base() {
        ObjectNode n = JSON.createObjectNode();
        n.put("user_id", 7);
        n.put("text", "你好");
        n.put("ref_audio_url", refUrl);
        return n;
    }

    /** The minimal valid request with {@code overrides} (a JSON object) laid over it. */
    private static byte[] json(String overrides) throws Exception {
        ObjectNode n = base();
        n.setAll((ObjectNode) JSON.readTree(overrides));
        return JSON.writeValueAsBytes(n);
    }

    private static byte[] withText(String text) throws Exception {
        return JSON.writeValueAsBytes(base().put("text", text));
    }

    /** The minimal valid request padded with insignificant spaces to exactly {@code size} bytes. */
    private static byte[] padded(int size) throws Exception {
        String compact = new String(json("{}"), UTF_8);
        int pad = size - compact.getBytes(UTF_8).length;
        byte[] out = ("{" + " ".repeat(pad) + compact.substring(1)).getBytes(UTF_8);
        assertThat(out).hasSize(size);
        return out;
    }

    private static RawRequest raw(byte[] value, long offset) {
        return new RawRequest(value, TOPIC, PARTITION, offset, KAFKA_TIME);
    }

    private static RequestParser.Rejected reject(RawRequest raw) {
        return reject(parser, raw);
    }

    private static RequestParser.Rejected reject(RequestParser p, RawRequest raw) {
        try {
            TtsRequest accepted = p.parse(raw, NOW);
            throw new AssertionError("expected a rejection, but the request was accepted as " + accepted.requestId);
        } catch (RequestParser.Rejected e) {
            return e;
        }
    }
}
