package org.ttsaudit.pipeline.ingest;

import static org.ttsaudit.pipeline.ingest.ErrorCode.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.ttsaudit.pipeline.records.RawRequest;
import org.ttsaudit.pipeline.records.TtsRequest;
import org.ttsaudit.pipeline.refaudio.ReferencePolicy;
import org.ttsaudit.pipeline.text.Emotions;
import org.ttsaudit.pipeline.text.Invisible;
import org.ttsaudit.pipeline.text.Tokenizer;

/**
 * Parses and validates one raw request against DESIGN.md 3.1. Pure and single-threaded: the
 * operator owns one. On a rule broken it throws a {@link RequestException} carrying the fields
 * parsed so far, so the rejection row keeps them.
 */
public final class RequestParser {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final int MAX_EMOTION_DESC = 256;
    /** A client clock this far ahead would drag event time (and every window) with it. */
    private static final long MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
    /** Beyond any clock skew, and still within epoch milliseconds; the skew itself is checked against now. */
    private static final Instant LATEST_SUBMITTED_AT = Instant.parse("9999-12-31T23:59:59Z");

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ValidationRules rules;
    private final Tokenizer tokenizer;

    /** Thrown with the partially parsed request. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        public final transient TtsRequest partial;
        public final ErrorCode code;

        Rejected(RequestException cause, TtsRequest partial) {
            super(cause.getMessage(), null, false, false);
            this.code = cause.code();
            this.partial = partial;
        }
    }

    public RequestParser(ValidationRules rules, Tokenizer tokenizer) {
        this.rules = rules;
        this.tokenizer = tokenizer;
    }

    public TtsRequest parse(RawRequest raw, long now) throws Rejected {
        TtsRequest request = new TtsRequest();
        request.sourceTopic = raw.topic;
        request.sourcePartition = raw.partition;
        request.sourceOffset = raw.offset;
        request.eventTime = raw.timestamp;
        request.enqueuedAt = Math.max(0, raw.timestamp);
        request.ingestTime = now;
        request.requestId = derivedId(raw);
        try {
            fill(request, object(raw.value));
            return request;
        } catch (RequestException e) {
            return rethrow(e, request);
        }
    }

    private static TtsRequest rethrow(RequestException e, TtsRequest partial) throws Rejected {
        throw new Rejected(e, partial);
    }

    private JsonNode object(byte[] value) throws RequestException {
        if (value == null || value.length == 0) {
            throw new RequestException(MALFORMED_JSON, "record is empty: send one JSON object per record");
        }
        if (value.length > rules.maxRequestBytes) {
            throw new RequestException(REQUEST_TOO_LARGE, "record is " + value.length + " bytes; the limit is "
                    + rules.maxRequestBytes + " (limits.max-request-bytes)");
        }
        requireUtf8(value);
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (StreamConstraintsException e) {
            // Nesting deeper than 1000 levels, or a number of more than 1000 digits: the parser
            // stops there, before any recursion or big-number arithmetic could hurt the job.
            throw new RequestException(MALFORMED_JSON, "record exceeds the JSON parser's limits "
                    + "(nesting depth 1000, number length 1000): send a flat request object");
        } catch (JsonProcessingException e) {
            throw new RequestException(MALFORMED_JSON, "record is not valid UTF-8 JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new RequestException(MALFORMED_JSON, "record is not valid UTF-8 JSON");
        }
        // Only white space: no JSON at all, like an empty record (Jackson reads it as a missing node).
        if (node == null || node.isMissingNode()) {
            throw new RequestException(MALFORMED_JSON, "record has only white space: send one JSON object per record");
        }
        if (!node.isObject()) {
            throw new RequestException(NOT_AN_OBJECT, "record must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    /**
     * Jackson's byte parser decodes UTF-8 leniently: an overlong form ({@code C0 AF} for '/'), a
     * surrogate encoded on its own (CESU-8) or a code point above U+10FFFF come through as some
     * other character instead of failing. The contract says UTF-8, so such a record is refused.
     */
    private static void requireUtf8(byte[] value) throws RequestException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new RequestException(MALFORMED_JSON, "record is not valid UTF-8: send UTF-8 JSON without "
                    + "overlong forms, encoded surrogates or truncated sequences");
        }
    }

    private void fill(TtsRequest r, JsonNode n) throws RequestException {
        String id = optionalString(n, "request_id", 64, BAD_REQUEST_ID);
        if (id != null) {
            if (!REQUEST_ID.matcher(id).matches()) {
                throw new RequestException(BAD_REQUEST_ID,
                        "request_id must be 1..64 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
            }
            r.requestId = id;
        }
        // Early, so that a request rejected for another reason still counts in its own event-time window;
        // a refused submitted_at is not taken, so the rejection keeps the Kafka timestamp.
        long eventTime = submittedAt(n.get("submitted_at"), r.eventTime);
        if (eventTime > r.ingestTime + MAX_CLOCK_SKEW_MS) {
            throw new RequestException(BAD_TIMESTAMP, "submitted_at is more than 15 minutes in the future; check the client's clock");
        }
        r.eventTime = eventTime;
        JsonNode user = required(n, "user_id");
        if (!user.isIntegralNumber() || !user.canConvertToLong()) {
            throw wrongType("user_id", "an integer", user);
        }
        if (user.asLong() <= 0) {
            throw new RequestException(BAD_USER_ID, "user_id must be > 0");
        }
        r.userId = user.asLong();

        JsonNode textNode = required(n, "text");
        if (!textNode.isTextual()) {
            throw wrongType("text", "a string", textNode);
        }
        String text = Invisible.remove(textNode.asText()).strip();
        int chars = text.codePointCount(0, text.length());
        if (chars == 0) {
            throw new RequestException(TEXT_EMPTY, "text is empty: give 1.." + rules.maxTextChars + " characters");
        }
        if (chars > rules.maxTextChars) {
            throw new RequestException(TEXT_TOO_LONG, "text has " + chars + " characters; the limit is " + rules.maxTextChars);
        }
        r.text = text;
        r.pinyin = Invisible.remove(optionalString(n, "pinyin", rules.maxTextChars * 8, FIELD_TOO_LONG));
        r.emotionDesc = Invisible.remove(optionalString(n, "emotion_desc", MAX_EMOTION_DESC, FIELD_TOO_LONG));

        JsonNode url = required(n, "ref_audio_url");
        if (!url.isTextual()) {
            throw wrongType("ref_audio_url", "a string", url);
        }
        if (url.asText().length() > ReferencePolicy.MAX_URL_LENGTH) {
            throw new RequestException(FIELD_TOO_LONG, "ref_audio_url is longer than 512 characters");
        }
        r.refAudioUrl = url.asText().strip();

        r.emotionVector = emotionVector(n.get("emotion_vector"));
        r.emotionIntensity = (float) optionalNumber(n, "emotion_intensity", 0, 1, BAD_EMOTION_INTENSITY, 1.0);
        mode(r, n);

        rules.referencePolicy.check(r.refAudioUrl);
        r.tokens = tokenizer.tokenize(r.text, r.pinyin);
    }

    private void mode(TtsRequest r, JsonNode n) throws RequestException {
        String mode = optionalString(n, "mode", 16, BAD_MODE);
        r.mode = mode == null ? "free" : mode;
        if (!r.mode.equals("free") && !r.mode.equals("controlled")) {
            throw new RequestException(BAD_MODE, "mode must be 'free' or 'controlled'");
        }
        JsonNode ratio = present(n, "target_duration_ratio");
        JsonNode ms = present(n, "target_duration_ms");
        if (ratio != null) {
            r.targetDurationRatio = optionalNumber(n, "target_duration_ratio", 0.5, 2.0, BAD_DURATION_TARGET, 0);
        }
        if (ms != null) {
            if (!ms.isIntegralNumber()) {
                throw wrongType("target_duration_ms", "an integer", ms);
            }
            // canConvertToLong first: asLong() wraps a bigger integer around into the range.
            if (!ms.canConvertToLong() || ms.asLong() < 200 || ms.asLong() > 60_000) {
                throw new RequestException(BAD_DURATION_TARGET, "target_duration_ms must be within 200..60000");
            }
            r.targetDurationMs = ms.asInt();
        }
        if (r.controlled() && (ratio == null) == (ms == null)) {
            throw new RequestException(BAD_DURATION_TARGET,
                    "mode 'controlled' needs exactly one of target_duration_ratio or target_duration_ms");
        }
        if (!r.controlled() && (ratio != null || ms != null)) {
            throw new RequestException(BAD_DURATION_TARGET, "duration targets apply only with mode 'controlled'");
        }
    }

    private static float[] emotionVector(JsonNode node) throws RequestException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() != Emotions.DIM) {
            throw new RequestException(BAD_EMOTION_VECTOR, "emotion_vector must be an array of 8 numbers "
                    + "(happy, angry, sad, afraid, disgusted, melancholic, surprised, calm)");
        }
        float[] vector = new float[Emotions.DIM];
        for (int i = 0; i < Emotions.DIM; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > Emotions.MAX_WEIGHT) {
                throw new RequestException(BAD_EMOTION_VECTOR, "emotion_vector[" + i + "] must be a number within 0..1.2");
            }
            vector[i] = (float) v.asDouble();
        }
        return vector;
    }

    private static long submittedAt(JsonNode node, long fallback) throws RequestException {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw wrongType("submitted_at", "an ISO-8601 string", node);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeException e) {
            throw new RequestException(BAD_TIMESTAMP, "submitted_at must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
        // Event times are Unix times (UNIX_TIMESTAMP in the analysts' SQL); the years ISO-8601 allows
        // beyond that (up to +/-999999999) do not even fit in epoch milliseconds.
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST_SUBMITTED_AT)) {
            throw new RequestException(BAD_TIMESTAMP, "submitted_at must lie between 1970-01-01T00:00:00Z and 15 minutes from now");
        }
        return instant.toEpochMilli();
    }

    private static JsonNode required(JsonNode n, String field) throws RequestException {
        JsonNode value = present(n, field);
        if (value == null) {
            throw new RequestException(MISSING_FIELD, "'" + field + "' is required");
        }
        return value;
    }

    private static JsonNode present(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String optionalString(JsonNode n, String field, int maxLength, ErrorCode tooLong) throws RequestException {
        JsonNode value = present(n, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        if (value.asText().length() > maxLength) {
            throw new RequestException(tooLong, field + " is longer than " + maxLength + " characters");
        }
        return value.asText();
    }

    private static double optionalNumber(JsonNode n, String field, double min, double max, ErrorCode code, double dflt)
            throws RequestException {
        JsonNode value = present(n, field);
        if (value == null) {
            return dflt;
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number", value);
        }
        if (value.asDouble() < min || value.asDouble() > max) {
            throw new RequestException(code, field + " must be within " + min + ".." + max);
        }
        return value.asDouble();
    }

    private static RequestException wrongType(String field, String expected, JsonNode got) {
        return new RequestException(WRONG_TYPE, field + " must be " + expected + ", got "
                + got.getNodeType().name().toLowerCase());
    }

    /** topic-partition-offset, so a replay of the same record gets the same id. */
    public static String derivedId(RawRequest raw) {
        String id = raw.topic + "-" + raw.partition + "-" + raw.offset;
        if (id.length() <= 64 && REQUEST_ID.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "kafka-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
