package org.ttsaudit.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsaudit.pipeline.config.TtsOptions;

class RefKeySourceTest {
    private static final String URL = "https://cdn.example.com/voices/alice.wav";
    private final String key1 = base64(RefVault.newKey());
    private final String key2 = base64(RefVault.newKey());

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToOpenWithoutAKeyAndSayWhereOneGoes() {
        RefKeySource source = RefKeySource.from(new Configuration());

        assertThatThrownBy(() -> source.open(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key is configured").hasMessageContaining("TTS_REF_KEY")
                .hasMessageContaining("refaudio.key-file");
    }

    @Test
    void shouldTakeASingleKeyFromTheEnvironmentUnderTheConfiguredId() {
        Configuration config = new Configuration();
        config.set(TtsOptions.REF_KEY_ID, "2026-05");

        RefVault vault = RefKeySource.from(config).open(Map.of(RefKeySource.ENV, key1 + "\n"));

        assertThat(vault.currentKeyId()).isEqualTo("2026-05");
        assertThat(vault.encrypt(URL)).startsWith("v1:2026-05:");
    }

    @Test
    void shouldReadAListOfKeysAndDecryptWithAnyOfThem() {
        String old = new RefKeySource("k1", "k1", null).open(Map.of(RefKeySource.ENV, key1)).encrypt(URL);

        RefVault rotated = new RefKeySource("k2", "k1", null).open(Map.of(RefKeySource.ENV, "k1=" + key1 + ", k2=" + key2));

        assertThat(rotated.encrypt(URL)).startsWith("v1:k2:");
        assertThat(rotated.decrypt(old)).isEqualTo(URL);
    }

    @Test
    void shouldPreferTheEnvironmentToTheKeyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ref.key"), key2);
        RefKeySource source = new RefKeySource("k1", "k1", file.toString());
        String withKey1 = new RefKeySource("k1", "k1", null).open(Map.of(RefKeySource.ENV, key1)).encrypt(URL);

        assertThat(source.open(Map.of(RefKeySource.ENV, key1)).decrypt(withKey1)).isEqualTo(URL);
        assertThatThrownBy(() -> source.open(Map.of()).decrypt(withKey1)).hasMessageContaining("does not authenticate");
    }

    @Test
    void shouldReadAKeyFileWithCommentsAndOneEntryPerLine() throws Exception {
        Path file = Files.writeString(dir.resolve("ref.keys"), "# rotated 2026-05\nk1=" + key1 + "\n\nk2=" + key2 + "\n");

        RefVault vault = new RefKeySource("k2", "k1", file.toString()).open(Map.of());

        assertThat(vault.decrypt(vault.encrypt(URL))).isEqualTo(URL);
        assertThat(vault.encrypt(URL)).startsWith("v1:k2:");
    }

    @Test
    void shouldReadAKeyDirectoryOneFilePerKeyAsAMountedSecretLooks() throws Exception {
        Path secret = Files.createDirectory(dir.resolve("secret"));
        Path data = Files.createDirectory(secret.resolve("..2026_05_01"));
        Files.writeString(data.resolve("k1"), key1 + "\n");
        Files.writeString(data.resolve("k2"), key2);
        Files.createSymbolicLink(secret.resolve("k1"), data.resolve("k1"));
        Files.createSymbolicLink(secret.resolve("k2"), data.resolve("k2"));
        String old = new RefKeySource("k1", "k1", null).open(Map.of(RefKeySource.ENV, key1)).encrypt(URL);

        RefVault vault = new RefKeySource("k2", "k2", secret.toString()).open(Map.of());

        assertThat(vault.decrypt(old)).isEqualTo(URL);
        assertThat(vault.encrypt(URL)).startsWith("v1:k2:");
    }

    @Test
    void shouldNameWhatIsWrongWithAKeyWithoutPrintingIt() {
        String shortKey = base64(new byte[16]);

        assertThatThrownBy(() -> new RefKeySource("k1", "k1", null).open(Map.of(RefKeySource.ENV, shortKey)))
                .hasMessageContaining("has 16 bytes").message().doesNotContain(shortKey);
        assertThatThrownBy(() -> new RefKeySource("k1", "k1", null).open(Map.of(RefKeySource.ENV, "k1=" + key1 + ",k2=%%")))
                .hasMessageContaining("expected one base64 key or id=base64 entries").message().doesNotContain(key1);
        assertThatThrownBy(() -> new RefKeySource("k3", "k3", null).open(Map.of(RefKeySource.ENV, "k1=" + key1)))
                .hasMessageContaining("'k3' is not among the configured keys [k1]");
        assertThatThrownBy(() -> new RefKeySource("a:b", "a:b", null)).hasMessageContaining("key id 'a:b'");
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
