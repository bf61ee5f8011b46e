package org.ttsaudit.pipeline.synthesis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ttsaudit.pipeline.ingest.RequestException;

/**
 * Bounded least-recently-used map of reference clip to voice, one per subtask, shared by the
 * threads that admit requests. A voice is loaded once: callers that ask for it while it is being
 * loaded wait for that load (a burst of requests with one new voice fetches it once).
 */
final class SpeakerCache {
    /** Loads a voice that is not cached: fetch, decode, check and encode the reference clip. */
    interface Loader {
        Voice load() throws RequestException;
    }

    /** A reference voice: its embedding and the quality figures the audit log keeps. */
    record Voice(float[] embedding, ReferenceQuality quality) {}

    private final Map<String, Voice> entries;
    private final Map<String, CompletableFuture<Voice>> loading = new HashMap<>();
    private long hits;
    private long lookups;

    SpeakerCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Voice> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The voice for {@code key}, loaded with {@code loader} unless it is cached or being loaded.
     * Counts as a hit unless this call loads it. A failed load is not kept: the next call tries again.
     */
    Voice get(String key, Loader loader) throws RequestException {
        CompletableFuture<Voice> mine = new CompletableFuture<>();
        CompletableFuture<Voice> other;
        synchronized (this) {
            lookups++;
            Voice cached = entries.get(key);
            if (cached != null) {
                hits++;
                return cached;
            }
            other = loading.putIfAbsent(key, mine);
            if (other != null) {
                hits++;
            }
        }
        if (other != null) {
            return awaitLoad(other);
        }
        try {
            Voice voice = loader.load();
            synchronized (this) {
                entries.put(key, voice);
                loading.remove(key);
            }
            mine.complete(voice);
            return voice;
        } catch (RequestException | RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(key);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The voice for {@code key} if cached, without counting a lookup. */
    synchronized Voice peek(String key) {
        return entries.get(key);
    }

    private static Voice awaitLoad(CompletableFuture<Voice> load) throws RequestException {
        try {
            return load.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RequestException rejected) {
                throw rejected;
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Lookups answered from the cache (or from a load already under way) so far. */
    synchronized long hits() {
        return hits;
    }

    synchronized double hitRate() {
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
