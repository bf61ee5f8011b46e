package org.ttsaudit.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefVaultTest {
    /** 00 01 .. 1f: the key of the known-answer values below. */
    private static final byte[] COUNTING_KEY = counting();
    private static final String ALICE = "https://cdn.example.com/voices/alice.wav";
    /**
     * Computed outside Java (Python's cryptography package): HKDF-Expand of the counting key with
     * the labels, AES-256-GCM with IV a0..ab and AAD "v1:k1", HMAC-SHA256 of ALICE. Stored rows
     * must stay readable and hashes comparable, so the format is pinned.
     */
    private static final String ALICE_TOKEN =
            "v1:k1:oKGio6SlpqeoqaqrDXzy+iD7NvgC8Lqurjl8FHIR/bCeF0E6+oYjzQZdNSGQY8AAOMg/Fn0pvYPsmXmcVxy/VeJW+hg=";
    private static final String ALICE_HASH = "89b5457fe106e236aa85851917e4d58a414405ea49e10e69a4d2b8261debb534";

    @Test
    void shouldReadATokenWrittenElsewhereAndHashLikeTheReference() {
        RefVault vault = new RefVault(Map.of("k1", COUNTING_KEY), "k1", "k1");

        assertThat(vault.decrypt(ALICE_TOKEN)).isEqualTo(ALICE);
        assertThat(vault.hash(ALICE)).isEqualTo(ALICE_HASH);
    }

    @Test
    void shouldRoundTripWithAFreshIvEachTime() {
        RefVault vault = new RefVault(Map.of("k1", RefVault.newKey()), "k1", "k1");
        String url = "file:/srv/voices/张三 13812345678.wav";

        String first = vault.encrypt(url);
        String second = vault.encrypt(url);

        assertThat(first).startsWith("v1:k1:").doesNotContain("13812345678", "voices");
        assertThat(second).isNotEqualTo(first);
        assertThat(vault.decrypt(first)).isEqualTo(url);
        assertThat(vault.decrypt(second)).isEqualTo(url);
        byte[] data = Base64.getDecoder().decode(first.substring("v1:k1:".length()));
        assertThat(data).as("12-byte IV, ciphertext as long as the UTF-8 text, 16-byte tag")
                .hasSize(12 + url.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16);
    }

    @Test
    void shouldDecryptOlderRowsAfterARotationWhileTheOldKeyIsConfigured() {
        byte[] k1 = RefVault.newKey();
        byte[] k2 = RefVault.newKey();
        String old = new RefVault(Map.of("k1", k1), "k1", "k1").encrypt(ALICE);
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("k1", k1);
        both.put("k2", k2);
        RefVault rotated = new RefVault(both, "k2", "k1");

        String fresh = rotated.encrypt(ALICE);

        assertThat(fresh).startsWith("v1:k2:");
        assertThat(rotated.decrypt(old)).isEqualTo(ALICE);
        assertThat(rotated.decrypt(fresh)).isEqualTo(ALICE);
        assertThatThrownBy(() -> new RefVault(Map.of("k2", k2), "k2", "k2").decrypt(old))
                .hasMessageContaining("key 'k1', which is not configured");
    }

    @Test
    void shouldKeepHashesComparableAcrossARotationThatKeepsTheHashKey() {
        byte[] k1 = RefVault.newKey();
        RefVault before = new RefVault(Map.of("k1", k1), "k1", "k1");
        RefVault after = new RefVault(Map.of("k1", k1, "k2", RefVault.newKey()), "k2", "k1");
        RefVault otherSecret = new RefVault(Map.of("k1", RefVault.newKey()), "k1", "k1");

        assertThat(after.hash(ALICE)).isEqualTo(before.hash(ALICE)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(before.hash(ALICE)).isNotEqualTo(before.hash(ALICE.replace("alice", "bob")));
        assertThat(otherSecret.hash(ALICE)).as("a keyed hash: no key, no dictionary attack").isNotEqualTo(before.hash(ALICE));
    }

    @Test
    void shouldRefuseAlteredTokensWithoutRevealingTheirContent() {
        byte[] k1 = RefVault.newKey();
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("k1", k1);
        keys.put("k2", RefVault.newKey());
        RefVault vault = new RefVault(keys, "k1", "k1");
        String token = vault.encrypt(ALICE);
        byte[] data = Base64.getDecoder().decode(token.substring(6));
        data[20] ^= 1;
        String flipped = "v1:k1:" + Base64.getEncoder().encodeToString(data);

        assertThatThrownBy(() -> vault.decrypt(flipped)).hasMessageContaining("does not authenticate under key 'k1'")
                .message().doesNotContain("alice");
        assertThatThrownBy(() -> vault.decrypt(token.replace("v1:k1:", "v1:k2:")))
                .hasMessageContaining("does not authenticate under key 'k2'");
        assertThatThrownBy(() -> vault.decrypt(token.replace("v1:", "v2:"))).hasMessageContaining("not an encrypted");
        assertThatThrownBy(() -> vault.decrypt("file:/refs/*******5678.wav")).hasMessageContaining("not an encrypted");
        assertThatThrownBy(() -> vault.decrypt("v1:k1:AAAA")).hasMessageContaining("truncated");
    }

    @Test
    void shouldRefuseKeysOfTheWrongSizeOrAMissingCurrentKey() {
        assertThatThrownBy(() -> new RefVault(Map.of("k1", new byte[16]), "k1", "k1"))
                .hasMessageContaining("key 'k1' has 16 bytes; it must be 32");
        assertThatThrownBy(() -> new RefVault(Map.of("k1", RefVault.newKey()), "k2", "k1"))
                .hasMessageContaining("key 'k2' is not among the configured keys [k1]");
    }

    private static byte[] counting() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }
}
