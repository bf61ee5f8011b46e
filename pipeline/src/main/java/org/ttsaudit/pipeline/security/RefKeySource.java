package org.ttsaudit.pipeline.security;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.ttsaudit.pipeline.config.TtsOptions;

/**
 * Where the {@code ref_audio_url} keys come from, and how to read them; holds no key material, so
 * it can travel in the job graph and the keys are read where they are used. The keys are env
 * {@code TTS_REF_KEY}, else {@code refaudio.key-file}; never the repository or the configuration
 * file. Either holds one base64 key (it gets the id {@code refaudio.key-id}) or a list of
 * {@code id=base64} entries, separated by commas or lines; the file may also be a directory with
 * one file per key, named by its id (a mounted Kubernetes secret).
 */
public final class RefKeySource implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ENV = "TTS_REF_KEY";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9._-]{1,32})=([A-Za-z0-9+/]+={0,2})");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private final String keyId;
    private final String hashKeyId;
    private final String keyFile;

    public RefKeySource(String keyId, String hashKeyId, String keyFile) {
        for (String id : new String[] {keyId, hashKeyId}) {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("ref_audio_url key id '" + id + "' must be 1..32 of A-Z a-z 0-9 . _ -");
            }
        }
        this.keyId = keyId;
        this.hashKeyId = hashKeyId;
        this.keyFile = keyFile;
    }

    public static RefKeySource from(Configuration config) {
        String keyId = config.get(TtsOptions.REF_KEY_ID);
        return new RefKeySource(keyId, config.getOptional(TtsOptions.REF_HASH_KEY_ID).orElse(keyId),
                config.getOptional(TtsOptions.REF_KEY_FILE).filter(f -> !f.isBlank()).orElse(null));
    }

    /** The vault with the keys from this process's environment or the key file. */
    public RefVault open() {
        return open(System.getenv());
    }

    RefVault open(Map<String, String> env) {
        Map<String, byte[]> keys;
        String source;
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            source = "env " + ENV;
            keys = parse(fromEnv, source);
        } else if (keyFile != null) {
            source = "refaudio.key-file " + keyFile;
            keys = Files.isDirectory(Path.of(keyFile)) ? readDirectory(Path.of(keyFile)) : parse(read(Path.of(keyFile)), source);
        } else {
            throw new IllegalArgumentException("ref_audio_url is stored encrypted and no key is configured: set env "
                    + ENV + " to base64 of 32 random bytes (e.g. `openssl rand -base64 32`) or point refaudio.key-file "
                    + "at a file or directory holding it");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no ref_audio_url key");
        }
        return new RefVault(keys, keyId, hashKeyId);
    }

    /** One bare base64 key, or {@code id=base64} entries separated by commas, spaces or lines; {@code #} comments. */
    private Map<String, byte[]> parse(String text, String source) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        List<String> entries = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .flatMap(l -> Stream.of(l.split("[,\\s]+"))).filter(e -> !e.isEmpty()).toList();
        for (String entry : entries) {
            Matcher m = ENTRY.matcher(entry);
            if (m.matches()) {
                keys.put(m.group(1), decode(m.group(2), m.group(1), source));
            } else if (entries.size() == 1 && BARE.matcher(entry).matches()) {
                keys.put(keyId, decode(entry, keyId, source));
            } else {
                throw new IllegalArgumentException(source + ": expected one base64 key or id=base64 entries");
            }
        }
        return keys;
    }

    private Map<String, byte[]> readDirectory(Path dir) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String id = file.getFileName().toString();
                if (!id.startsWith(".") && Files.isRegularFile(file) && KEY_ID.matcher(id).matches()) {
                    keys.put(id, decode(read(file).strip(), id, "refaudio.key-file " + file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list refaudio.key-file directory " + dir, e);
        }
        return keys;
    }

    private static byte[] decode(String base64, String id, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": key '" + id + "' is not valid base64");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read refaudio.key-file " + file, e);
        }
    }
}
