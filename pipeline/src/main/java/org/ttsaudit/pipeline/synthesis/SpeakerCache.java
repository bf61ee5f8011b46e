package org.ttsaudit.pipeline.synthesis;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded least-recently-used map of reference clip to voice; one per subtask, one thread. */
final class SpeakerCache {
    private final Map<String, Voice> entries;
    private long hits;
    private long lookups;

    /** A reference voice: its embedding and the quality figures the audit log keeps. */
    record Voice(float[] embedding, ReferenceQuality quality) {}

    SpeakerCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Voice> eldest) {
                return size() > capacity;
            }
        };
    }

    Voice get(String key) {
        lookups++;
        Voice voice = entries.get(key);
        if (voice != null) {
            hits++;
        }
        return voice;
    }

    void put(String key, Voice voice) {
        entries.put(key, voice);
    }

    /** Lookups answered from the cache so far. */
    long hits() {
        return hits;
    }

    double hitRate() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
