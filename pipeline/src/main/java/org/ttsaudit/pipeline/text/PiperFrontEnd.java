package org.ttsaudit.pipeline.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.LongStream;
import org.ttsaudit.inference.onnx.ModelCard;
import org.ttsaudit.pipeline.ingest.ErrorCode;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * A Piper voice's front end: text to espeak-ng's IPA phonemes in the voice's espeak voice, then to
 * ids through the voice's {@code phoneme_id_map} the way piper-phonemize lays them out: "^", then
 * each phoneme followed by the pad "_" (also one after "^"), then "$". Han text is first read by our
 * pinyin step and spoken by espeak-ng's {@code cmn-latn-pinyin} voice, which reads tone-numbered
 * pinyin well where its reading of Han characters does not; a text with any Han character is read
 * by that voice as a whole. Phonemes the map lacks are skipped, as Piper skips them.
 */
public final class PiperFrontEnd {
    static final String PINYIN_VOICE = "cmn-latn-pinyin";
    private static final String PAD = "_";
    private static final String BOS = "^";
    private static final String EOS = "$";

    private final EspeakNg espeak;
    private final Tokenizer pinyin;
    private final String voice;
    private final Map<Integer, long[]> ids = new HashMap<>();

    public PiperFrontEnd(ModelCard card, EspeakNg espeak) {
        if (!"espeak".equals(card.raw().path("phoneme_type").asText())) {
            throw new IllegalArgumentException("Piper voice " + card.name() + " has phoneme_type '"
                    + card.raw().path("phoneme_type").asText() + "'; only espeak voices are supported");
        }
        this.espeak = espeak;
        this.pinyin = Tokenizer.fromCard(card);
        this.voice = card.raw().get("espeak_voice").asText();
        JsonNode map = card.raw().get("phoneme_id_map");
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().codePointCount(0, e.getKey().length()) == 1) {
                ids.put(e.getKey().codePointAt(0), LongStream.range(0, e.getValue().size())
                        .map(i -> e.getValue().get((int) i).asLong()).toArray());
            }
        }
        for (String symbol : new String[] {PAD, BOS, EOS}) {
            if (!ids.containsKey(symbol.codePointAt(0))) {
                throw new IllegalArgumentException("Piper voice " + card.name() + " has no '" + symbol + "' in its phoneme_id_map");
            }
        }
    }

    /** The phonemes espeak-ng gives for the request's text. */
    public String phonemes(String text, String pinyinOverride) throws RequestException, IOException {
        boolean han = text.codePoints().anyMatch(Tokenizer::isHan);
        return han ? espeak.phonemes(pinyin.romanize(text, pinyinOverride), PINYIN_VOICE) : espeak.phonemes(text, voice);
    }

    /** Phoneme ids for the model's {@code input}; a text without one known phoneme is unspeakable. */
    public long[] ids(String text, String pinyinOverride) throws RequestException, IOException {
        return ids(phonemes(text, pinyinOverride));
    }

    long[] ids(String phonemes) throws RequestException {
        LongStream.Builder out = LongStream.builder();
        add(out, BOS);
        add(out, PAD);
        int known = 0;
        for (int cp : phonemes.codePoints().toArray()) {
            long[] id = ids.get(cp);
            if (id != null) {
                LongStream.of(id).forEach(out);
                add(out, PAD);
                known++;
            }
        }
        add(out, EOS);
        if (known == 0) {
            throw new RequestException(ErrorCode.TEXT_UNSPEAKABLE, "text has nothing this voice can read aloud");
        }
        return out.build().toArray();
    }

    private void add(LongStream.Builder out, String symbol) {
        LongStream.of(ids.get(symbol.codePointAt(0))).forEach(out);
    }
}
