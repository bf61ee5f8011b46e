package org.ttsaudit.pipeline.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects {@code ref_audio_url} at rest. Encryption is AES-256-GCM with a random 96-bit IV per
 * value, written as the text token {@code v1:<key id>:<base64(iv | ciphertext | tag)>}; the
 * version and key id are authenticated too, so neither can be altered. Decryption picks the key
 * by the id in the token, so rows written before a rotation stay readable while the old key is
 * configured. The keyed hash (HMAC-SHA256, hex) lets analysts group by voice without decrypting.
 *
 * <p>Each configured 32-byte key is a master key; the AES and HMAC keys are derived from it with
 * HKDF-Expand (RFC 5869) under distinct labels, so one secret never serves two algorithms; the
 * MAC key of the clips' provenance labels ({@code ProvenanceLabel}) is a third such key.
 */
public final class RefVault {
    public static final String VERSION = "v1";
    public static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String ENCRYPTION_LABEL = "tts-audit ref_audio_url aes-256-gcm v1";
    private static final String HASH_LABEL = "tts-audit ref_audio_hash hmac-sha256 v1";
    private static final String PROVENANCE_LABEL = "tts-audit wav provenance label hmac-sha256 v1";
    private static final String WATERMARK = "tts-audit wav watermark v1";

    private final Map<String, SecretKeySpec> encryptionKeys = new LinkedHashMap<>();
    private final Map<String, SecretKeySpec> provenanceKeys = new LinkedHashMap<>();
    private final Map<String, byte[]> watermarkKeys = new LinkedHashMap<>();
    private final String currentKeyId;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param masterKeys every key by id: the current one and older ones kept for decryption
     * @param currentKeyId the key new values are encrypted with
     * @param hashKeyId the key the hash is derived from; keep it across rotations so hashes stay comparable
     */
    public RefVault(Map<String, byte[]> masterKeys, String currentKeyId, String hashKeyId) {
        masterKeys.forEach((id, key) -> {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("ref_audio_url key '" + id + "' has " + key.length
                        + " bytes; it must be " + KEY_BYTES + " (base64 of 32 random bytes)");
            }
            encryptionKeys.put(id, new SecretKeySpec(derive(key, ENCRYPTION_LABEL), "AES"));
            provenanceKeys.put(id, new SecretKeySpec(derive(key, PROVENANCE_LABEL), "HmacSHA256"));
            watermarkKeys.put(id, derive(key, WATERMARK));
        });
        for (String id : new String[] {currentKeyId, hashKeyId}) {
            if (!masterKeys.containsKey(id)) {
                throw new IllegalArgumentException("ref_audio_url key '" + id + "' is not among the configured keys "
                        + masterKeys.keySet());
            }
        }
        this.currentKeyId = currentKeyId;
        this.hashKey = new SecretKeySpec(derive(masterKeys.get(hashKeyId), HASH_LABEL), "HmacSHA256");
    }

    /** 32 fresh random bytes: a key for a local run. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public String encrypt(String plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKeys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header(currentKeyId));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] token = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return VERSION + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The plain URL of a token; fails with a message that says which key or what is wrong, never the value. */
    public String decrypt(String token) {
        String[] parts = token == null ? new String[0] : token.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("not an encrypted ref_audio_url (expected " + VERSION + ":<key id>:<data>)");
        }
        SecretKeySpec key = encryptionKeys.get(parts[1]);
        if (key == null) {
            throw new IllegalArgumentException("ref_audio_url was encrypted with key '" + parts[1]
                    + "', which is not configured (TTS_REF_KEY or refaudio.key-file)");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            data = new byte[0];
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("encrypted ref_audio_url is truncated or not base64");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(header(parts[1]));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("encrypted ref_audio_url does not authenticate under key '" + parts[1]
                    + "': the value was altered or the key is not the one it was written with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** HMAC-SHA256 of the (normalized) reference, 64 hex digits. */
    public String hash(String reference) {
        return HexFormat.of().formatHex(hmac(hashKey, reference.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * HMAC-SHA256 of a clip's provenance label under the key {@code keyId}, or empty when that key is
     * not configured. Its own derived key: knowing it reveals neither the AES nor the hash key.
     */
    public Optional<byte[]> provenanceMac(String keyId, byte[] message) {
        return Optional.ofNullable(provenanceKeys.get(keyId)).map(key -> hmac(key, message));
    }

    /**
     * The watermark key of every configured key id, the current one first: the job marks with the
     * current one, a detector tries them all. Its own derived key, as the label's.
     */
    public Map<String, byte[]> watermarkKeys() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put(currentKeyId, watermarkKeys.get(currentKeyId).clone());
        watermarkKeys.forEach((id, key) -> keys.putIfAbsent(id, key.clone()));
        return keys;
    }

    private static byte[] header(String keyId) {
        return (VERSION + ":" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** HKDF-Expand to one block: the master key is already uniformly random, so it serves as the PRK. */
    private static byte[] derive(byte[] master, String label) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        byte[] info = ByteBuffer.allocate(labelBytes.length + 1).put(labelBytes).put((byte) 1).array();
        return hmac(new SecretKeySpec(master, "HmacSHA256"), info);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
