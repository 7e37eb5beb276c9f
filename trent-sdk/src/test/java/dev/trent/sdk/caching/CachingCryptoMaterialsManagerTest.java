package dev.trent.sdk.caching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.sdk.AlgorithmSuite;
import dev.trent.sdk.CommitmentPolicy;
import dev.trent.sdk.CountingKeyring;
import dev.trent.sdk.DecryptOptions;
import dev.trent.sdk.TestKeys;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.keyring.RawAesKeyring;
import dev.trent.sdk.materials.DefaultCryptoMaterialsManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingCryptoMaterialsManagerTest {
    private final CountingKeyring keyring = new CountingKeyring(new RawAesKeyring("ns", "k", TestKeys.AES_256));
    private final TrentCrypto crypto = TrentCrypto.builder().build();
    private final AtomicLong clock = new AtomicLong();

    private CachingCryptoMaterialsManager.Builder caching(int capacity) {
        return CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .cache(new LocalCryptoMaterialsCache(capacity, clock::get))
                .maxAge(Duration.ofMinutes(5));
    }

    private int encryptMany(CachingCryptoMaterialsManager cmm, int messages, int size, Map<String, String> ec) {
        int before = keyring.encrypts.get();
        for (int i = 0; i < messages; i++) {
            byte[] pt = TestKeys.bytes(size, i);
            byte[] ct = crypto.encrypt(cmm, pt, ec).ciphertext();
            assertThat(crypto.decrypt(keyring, ct).plaintext()).isEqualTo(pt);
        }
        return keyring.encrypts.get() - before;
    }

    @Test
    void withoutCachingEveryMessageGeneratesADataKey() {
        int calls = 0;
        for (int i = 0; i < 10; i++) {
            crypto.encrypt(new DefaultCryptoMaterialsManager(keyring), new byte[10], Map.of());
            calls++;
        }
        assertThat(keyring.encrypts.get()).isEqualTo(calls);
    }

    @Test
    void maxMessagesBoundsReuse() {
        assertThat(encryptMany(caching(10).maxMessagesEncrypted(3).build(), 10, 100, Map.of("a", "1")))
                .isEqualTo(4);
        assertThat(encryptMany(caching(10).maxMessagesEncrypted(1000).build(), 10, 100, Map.of("a", "1")))
                .isEqualTo(1);
    }

    @Test
    void maxBytesBoundsReuse() {
        // 250 bytes per message, at most 1000 bytes per data key: 4 messages per key.
        assertThat(encryptMany(caching(10).maxBytesEncrypted(1000).build(), 12, 250, Map.of()))
                .isEqualTo(3);
        // A message larger than the limit never uses the cache.
        assertThat(encryptMany(caching(10).maxBytesEncrypted(100).build(), 3, 250, Map.of()))
                .isEqualTo(3);
    }

    @Test
    void maxAgeExpiresEntries() {
        CachingCryptoMaterialsManager cmm = caching(10).build();
        assertThat(encryptMany(cmm, 3, 10, Map.of())).isEqualTo(1);
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(encryptMany(cmm, 3, 10, Map.of())).isEqualTo(1);
    }

    @Test
    void dataKeysAreNeverSharedAcrossEncryptionContexts() {
        CachingCryptoMaterialsManager cmm = caching(10).build();
        byte[] a = crypto.encrypt(cmm, new byte[1], Map.of("tenant", "a")).ciphertext();
        byte[] b = crypto.encrypt(cmm, new byte[1], Map.of("tenant", "b")).ciphertext();
        byte[] a2 = crypto.encrypt(cmm, new byte[1], Map.of("tenant", "a")).ciphertext();
        assertThat(keyring.encrypts.get()).isEqualTo(2);
        var ha = crypto.decrypt(keyring, a).header();
        var hb = crypto.decrypt(keyring, b).header();
        var ha2 = crypto.decrypt(keyring, a2).header();
        assertThat(ha.encryptedDataKeys()).isEqualTo(ha2.encryptedDataKeys());
        assertThat(ha.encryptedDataKeys()).isNotEqualTo(hb.encryptedDataKeys());
        assertThat(ha.messageId()).isNotEqualTo(ha2.messageId());
    }

    @Test
    void capacityEvictsLeastRecentlyUsed() {
        CachingCryptoMaterialsManager cmm = caching(2).build();
        for (String t : new String[] {"a", "b", "a", "c", "b"}) {
            crypto.encrypt(cmm, new byte[1], Map.of("t", t));
        }
        // a, b miss; a hits; c evicts b (LRU); b misses again.
        assertThat(keyring.encrypts.get()).isEqualTo(4);
        assertThat(cmm.cache().size()).isEqualTo(2);
    }

    @Test
    void partitionsSeparateCmmsSharingACache() {
        LocalCryptoMaterialsCache shared = new LocalCryptoMaterialsCache(10, clock::get);
        var one = CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .cache(shared)
                .maxAge(Duration.ofMinutes(1))
                .build();
        var two = CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .cache(shared)
                .maxAge(Duration.ofMinutes(1))
                .build();
        var twoSame = CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .cache(shared)
                .maxAge(Duration.ofMinutes(1))
                .partitionName(two.partitionName())
                .build();
        crypto.encrypt(one, new byte[1], Map.of());
        crypto.encrypt(two, new byte[1], Map.of());
        crypto.encrypt(twoSame, new byte[1], Map.of());
        assertThat(keyring.encrypts.get()).isEqualTo(2);
    }

    @Test
    void decryptionMaterialsAreCached() {
        byte[] ct = crypto.encrypt(keyring, TestKeys.bytes(100, 1), Map.of("x", "y"))
                .ciphertext();
        CachingCryptoMaterialsManager cmm = caching(10).build();
        for (int i = 0; i < 5; i++) {
            assertThat(crypto.decrypt(cmm, ct, DecryptOptions.defaults()).plaintext())
                    .isEqualTo(TestKeys.bytes(100, 1));
        }
        assertThat(keyring.decrypts.get()).isEqualTo(1);
    }

    @Test
    void suitesWithoutKeyDerivationAreNeverCached() {
        TrentCrypto legacy = TrentCrypto.builder()
                .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .encryptionAlgorithm(AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF)
                .build();
        CachingCryptoMaterialsManager cmm = caching(10).build();
        for (int i = 0; i < 3; i++) {
            legacy.encrypt(cmm, new byte[1], Map.of());
        }
        assertThat(keyring.encrypts.get()).isEqualTo(3);
    }

    @Test
    void cacheIdsFollowTheSpecFormula() throws Exception {
        var cmm = caching(10).partitionName("p").build();
        var req = new dev.trent.sdk.materials.EncryptionMaterialsRequest(
                Map.of(), CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, null, 1);
        var sha = java.security.MessageDigest.getInstance("SHA-512");
        byte[] p = sha.digest("p".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] ec = sha.digest(new byte[0]);
        byte[] concat = new byte[129];
        System.arraycopy(p, 0, concat, 0, 64);
        System.arraycopy(ec, 0, concat, 65, 64);
        assertThat(cmm.encryptionId(req)).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest(concat)));
        assertThat(Arrays.equals(p, ec)).isFalse();
    }
}
