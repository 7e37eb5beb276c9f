package dev.trent.sdk.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.sdk.CannotUnwrapDataKeyException;
import dev.trent.sdk.DecryptOptions;
import dev.trent.sdk.EncryptResult;
import dev.trent.sdk.TestKeys;
import dev.trent.sdk.TrentCrypto;
import dev.trent.sdk.caching.CachingCryptoMaterialsManager;
import dev.trent.sdk.interop.OfficialSdk;
import dev.trent.sdk.materials.EncryptedDataKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/** KMS keyrings against moto_server's KMS mock (skipped when moto_server is not installed). */
class KmsKeyringMotoTest {
    private static final Map<String, String> EC = Map.of("app", "trent", "env", "test");
    private static MotoKms moto;
    private static KmsClient kms;
    private static String keyA;
    private static String keyB;
    private final TrentCrypto crypto = TrentCrypto.builder().build();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoKms.startOrSkip();
        kms = moto.client();
        keyA = moto.createKey();
        keyB = moto.createKey();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kms != null) {
            kms.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void generatesWithKmsAndRecordsTheKeyArn() {
        byte[] pt = TestKeys.bytes(10_000, 1);
        EncryptResult r = crypto.encrypt(new KmsKeyring(kms, keyA), pt, EC);
        EncryptedDataKey edk = r.header().encryptedDataKeys().get(0);
        assertThat(edk.providerId()).isEqualTo("aws-kms");
        assertThat(edk.providerInfoString()).isEqualTo(keyA);
        assertThat(crypto.decrypt(new KmsKeyring(kms, keyA), r.ciphertext(), EC).plaintext())
                .isEqualTo(pt);
        assertThatThrownBy(() -> crypto.decrypt(new KmsKeyring(kms, keyB), r.ciphertext()))
                .isInstanceOf(CannotUnwrapDataKeyException.class);
    }

    @Test
    void aliasesWorkForEncryption() {
        String alias = "alias/trent-sdk-" + System.nanoTime();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyA));
        EncryptResult r = crypto.encrypt(new KmsKeyring(kms, alias), new byte[5], EC);
        assertThat(r.header().encryptedDataKeys().get(0).providerInfoString()).isEqualTo(keyA);
        assertThat(crypto.decrypt(new KmsKeyring(kms, keyA), r.ciphertext()).plaintext())
                .hasSize(5);
    }

    @Test
    void multiKeyringWithKmsChildrenAndRawAes() {
        Keyring aes = new RawAesKeyring("ns", "aes", TestKeys.AES_256);
        Keyring multi = MultiKeyring.of(new KmsKeyring(kms, keyA), new KmsKeyring(kms, keyB), aes);
        byte[] pt = TestKeys.bytes(5000, 2);
        EncryptResult r = crypto.encrypt(multi, pt, EC);
        assertThat(r.header().encryptedDataKeys()).hasSize(3);
        for (Keyring k : new Keyring[] {new KmsKeyring(kms, keyA), new KmsKeyring(kms, keyB), aes}) {
            assertThat(crypto.decrypt(k, r.ciphertext()).plaintext()).isEqualTo(pt);
        }
    }

    @Test
    void discoveryKeyringHonoursFilterAndAllowList() {
        byte[] ct = crypto.encrypt(new KmsKeyring(kms, keyA), new byte[7], EC).ciphertext();
        String account = KmsArn.parse(keyA).account();
        Keyring any = KmsDiscoveryKeyring.builder().client(kms).build();
        Keyring filtered = KmsDiscoveryKeyring.builder()
                .client(kms)
                .discoveryFilter("aws", Set.of(account))
                .build();
        Keyring otherAccount = KmsDiscoveryKeyring.builder()
                .client(kms)
                .discoveryFilter("aws", Set.of("999999999999"))
                .build();
        Keyring otherPartition = KmsDiscoveryKeyring.builder()
                .client(kms)
                .discoveryFilter("aws-cn", Set.of(account))
                .build();
        Keyring allowA = KmsDiscoveryKeyring.builder()
                .client(kms)
                .allowedKeyArns(Set.of(keyA))
                .build();
        Keyring allowB = KmsDiscoveryKeyring.builder()
                .client(kms)
                .allowedKeyArns(Set.of(keyB))
                .build();
        assertThat(crypto.decrypt(any, ct).plaintext()).hasSize(7);
        assertThat(crypto.decrypt(filtered, ct).plaintext()).hasSize(7);
        assertThat(crypto.decrypt(allowA, ct).plaintext()).hasSize(7);
        for (Keyring k : new Keyring[] {otherAccount, otherPartition, allowB}) {
            assertThatThrownBy(() -> crypto.decrypt(k, ct))
                    .isInstanceOf(CannotUnwrapDataKeyException.class)
                    .hasMessageContaining("discovery filter");
        }
        assertThatThrownBy(() -> crypto.encrypt(any, new byte[1], EC)).hasMessageContaining("cannot encrypt");
    }

    @Test
    void cachingCutsGenerateDataKeyCalls() {
        CountingKmsClient counting = new CountingKmsClient(moto.client());
        Keyring keyring = new KmsKeyring(counting, keyA);
        for (int i = 0; i < 10; i++) {
            crypto.encrypt(keyring, new byte[100], EC);
        }
        assertThat(counting.generateDataKey.get()).isEqualTo(10);

        counting.generateDataKey.set(0);
        var cmm = CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .maxAge(Duration.ofMinutes(5))
                .maxMessagesEncrypted(4)
                .capacity(10)
                .build();
        byte[] last = null;
        for (int i = 0; i < 10; i++) {
            last = crypto.encrypt(cmm, new byte[100], EC).ciphertext();
        }
        assertThat(counting.generateDataKey.get()).isEqualTo(3); // ceil(10 / 4)

        var dcmm = CachingCryptoMaterialsManager.builder()
                .keyring(keyring)
                .maxAge(Duration.ofMinutes(5))
                .build();
        for (int i = 0; i < 5; i++) {
            crypto.decrypt(dcmm, last, DecryptOptions.defaults());
        }
        assertThat(counting.decrypt.get()).isEqualTo(1);
        counting.close();
    }

    @Test
    void interoperatesWithTheOfficialKmsKeyring() {
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        IKeyring theirs = mpl.CreateAwsKmsKeyring(
                CreateAwsKmsKeyringInput.builder().kmsKeyId(keyA).kmsClient(kms).build());
        byte[] pt = TestKeys.bytes(3000, 4);
        byte[] ours = crypto.encrypt(new KmsKeyring(kms, keyA), pt, EC).ciphertext();
        assertThat(OfficialSdk.decryptor().decryptData(theirs, ours).getResult())
                .isEqualTo(pt);
        byte[] official = OfficialSdk.decryptor().encryptData(theirs, pt, EC).getResult();
        assertThat(crypto.decrypt(new KmsKeyring(kms, keyA), official).plaintext())
                .isEqualTo(pt);
    }
}
