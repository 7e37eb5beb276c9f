package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCapabilitiesTest {
    @Test
    void symmetricKeysOnlyEncryptWithSymmetricDefault() {
        assertThat(KeyCapabilities.usages(KeySpec.SYMMETRIC_DEFAULT)).containsExactly(KeyUsage.ENCRYPT_DECRYPT);
        assertThat(KeyCapabilities.encryptionAlgorithms(KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT))
                .containsExactly(EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        assertThat(KeyCapabilities.allows(KeySpec.SYMMETRIC_DEFAULT, KeyUsage.SIGN_VERIFY))
                .isFalse();
        assertThat(KeyCapabilities.algorithms(KeySpec.SYMMETRIC_DEFAULT, KeyUsage.SIGN_VERIFY))
                .isEmpty();
    }

    @Test
    void rsaKeysEncryptWithOaepOrSignWithPssAndPkcs1() {
        for (KeySpec rsa : EnumSet.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
            assertThat(KeyCapabilities.usages(rsa))
                    .containsExactlyInAnyOrder(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
            assertThat(KeyCapabilities.encryptionAlgorithms(rsa, KeyUsage.ENCRYPT_DECRYPT))
                    .containsExactly(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
            assertThat(KeyCapabilities.signingAlgorithms(rsa, KeyUsage.SIGN_VERIFY))
                    .containsExactly(
                            SigningAlgorithm.RSASSA_PSS_SHA_256,
                            SigningAlgorithm.RSASSA_PSS_SHA_384,
                            SigningAlgorithm.RSASSA_PSS_SHA_512,
                            SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256,
                            SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384,
                            SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512);
            assertThat(KeyCapabilities.allows(rsa, KeyUsage.KEY_AGREEMENT)).isFalse();
        }
    }

    @Test
    void eccKeysSignWithTheirCurvesDigestOrAgreeKeys() {
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.ECDSA_SHA_256);
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.ECC_NIST_P384, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.ECDSA_SHA_384);
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.ECC_NIST_P521, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.ECDSA_SHA_512);
        for (KeySpec nist : EnumSet.of(KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521)) {
            assertThat(KeyCapabilities.keyAgreementAlgorithms(nist, KeyUsage.KEY_AGREEMENT))
                    .containsExactly(KeyAgreementAlgorithm.ECDH);
            assertThat(KeyCapabilities.allows(nist, KeyUsage.ENCRYPT_DECRYPT)).isFalse();
        }
        assertThat(KeyCapabilities.usages(KeySpec.ECC_SECG_P256K1)).containsExactly(KeyUsage.SIGN_VERIFY);
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.ECC_SECG_P256K1, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.ECDSA_SHA_256);
        assertThat(KeyCapabilities.usages(KeySpec.ECC_NIST_EDWARDS25519)).containsExactly(KeyUsage.SIGN_VERIFY);
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.ECC_NIST_EDWARDS25519, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.ED25519_SHA_512, SigningAlgorithm.ED25519_PH_SHA_512);
    }

    @Test
    void mlDsaSm2AndHmacKeys() {
        for (KeySpec ml : EnumSet.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87)) {
            assertThat(KeyCapabilities.usages(ml)).containsExactly(KeyUsage.SIGN_VERIFY);
            assertThat(KeyCapabilities.signingAlgorithms(ml, KeyUsage.SIGN_VERIFY))
                    .containsExactly(SigningAlgorithm.ML_DSA_SHAKE_256);
        }
        assertThat(KeyCapabilities.encryptionAlgorithms(KeySpec.SM2, KeyUsage.ENCRYPT_DECRYPT))
                .containsExactly(EncryptionAlgorithm.SM2PKE);
        assertThat(KeyCapabilities.signingAlgorithms(KeySpec.SM2, KeyUsage.SIGN_VERIFY))
                .containsExactly(SigningAlgorithm.SM2DSA);
        assertThat(KeyCapabilities.keyAgreementAlgorithms(KeySpec.SM2, KeyUsage.KEY_AGREEMENT))
                .containsExactly(KeyAgreementAlgorithm.ECDH);
        assertThat(KeyCapabilities.macAlgorithms(KeySpec.HMAC_224, KeyUsage.GENERATE_VERIFY_MAC))
                .containsExactly(MacAlgorithm.HMAC_SHA_224);
        assertThat(KeyCapabilities.macAlgorithms(KeySpec.HMAC_512, KeyUsage.GENERATE_VERIFY_MAC))
                .containsExactly(MacAlgorithm.HMAC_SHA_512);
        assertThat(KeyCapabilities.usages(KeySpec.HMAC_256)).containsExactly(KeyUsage.GENERATE_VERIFY_MAC);
    }

    @Test
    void everySpecHasUsagesAndEveryAlgorithmIsOfferedSomewhere() {
        Set<KeyAlgorithm> offered = new HashSet<>();
        for (KeySpec spec : KeySpec.values()) {
            assertThat(KeyCapabilities.usages(spec)).as(spec.name()).isNotEmpty();
            for (KeyUsage usage : KeyCapabilities.usages(spec)) {
                assertThat(KeyCapabilities.algorithms(spec, usage))
                        .isNotEmpty()
                        .allSatisfy(a -> assertThat(a).isInstanceOf(usage.algorithmType()));
                offered.addAll(KeyCapabilities.algorithms(spec, usage));
            }
        }
        Set<KeyAlgorithm> all = new HashSet<>();
        all.addAll(EnumSet.allOf(EncryptionAlgorithm.class));
        all.addAll(EnumSet.allOf(SigningAlgorithm.class));
        all.addAll(EnumSet.allOf(MacAlgorithm.class));
        all.addAll(EnumSet.allOf(KeyAgreementAlgorithm.class));
        assertThat(offered).isEqualTo(all);
    }

    @Test
    void wireNamesAreTheModels() {
        assertThat(KeySpec.values()).hasSize(17);
        assertThat(KeySpec.fromWire("ECC_NIST_EDWARDS25519")).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(KeyUsage.fromWire("GENERATE_VERIFY_MAC").wireName()).isEqualTo("GENERATE_VERIFY_MAC");
        assertThat(Origin.fromWire("EXTERNAL_KEY_STORE")).isEqualTo(Origin.EXTERNAL_KEY_STORE);
        assertThat(SigningAlgorithm.fromWire("RSASSA_PKCS1_V1_5_SHA_256").wireName())
                .isEqualTo("RSASSA_PKCS1_V1_5_SHA_256");
        assertThat(KeySpec.HMAC_384.materialType()).isEqualTo(KeySpec.MaterialType.HMAC);
        assertThat(KeySpec.SM2.materialType()).isEqualTo(KeySpec.MaterialType.ASYMMETRIC);
    }
}
