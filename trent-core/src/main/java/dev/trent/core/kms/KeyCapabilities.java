package dev.trent.core.kms;

import static dev.trent.core.kms.EncryptionAlgorithm.RSAES_OAEP_SHA_1;
import static dev.trent.core.kms.EncryptionAlgorithm.RSAES_OAEP_SHA_256;
import static dev.trent.core.kms.EncryptionAlgorithm.SM2PKE;
import static dev.trent.core.kms.KeyAgreementAlgorithm.ECDH;
import static dev.trent.core.kms.KeyUsage.ENCRYPT_DECRYPT;
import static dev.trent.core.kms.KeyUsage.GENERATE_VERIFY_MAC;
import static dev.trent.core.kms.KeyUsage.KEY_AGREEMENT;
import static dev.trent.core.kms.KeyUsage.SIGN_VERIFY;
import static dev.trent.core.kms.SigningAlgorithm.ECDSA_SHA_256;
import static dev.trent.core.kms.SigningAlgorithm.ECDSA_SHA_384;
import static dev.trent.core.kms.SigningAlgorithm.ECDSA_SHA_512;
import static dev.trent.core.kms.SigningAlgorithm.ED25519_PH_SHA_512;
import static dev.trent.core.kms.SigningAlgorithm.ED25519_SHA_512;
import static dev.trent.core.kms.SigningAlgorithm.ML_DSA_SHAKE_256;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PSS_SHA_256;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PSS_SHA_384;
import static dev.trent.core.kms.SigningAlgorithm.RSASSA_PSS_SHA_512;
import static dev.trent.core.kms.SigningAlgorithm.SM2DSA;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capability table: which key usages each key spec allows, and which algorithms each (spec, usage) offers,
 * as the AWS KMS Developer Guide's "Key spec reference" documents them.
 *
 * <ul>
 *   <li>SYMMETRIC_DEFAULT: encrypt/decrypt with SYMMETRIC_DEFAULT (AES-256-GCM).
 *   <li>RSA_2048/3072/4096: encrypt/decrypt with RSAES_OAEP_SHA_1/256, or sign/verify with RSASSA_PSS_* and
 *       RSASSA_PKCS1_V1_5_* (SHA-256/384/512).
 *   <li>ECC_NIST_P256/P384/P521: sign/verify with ECDSA over SHA-256/384/512 respectively, or key agreement with
 *       ECDH.
 *   <li>ECC_SECG_P256K1: sign/verify with ECDSA_SHA_256 only.
 *   <li>ECC_NIST_EDWARDS25519: sign/verify only, with ED25519_SHA_512 or ED25519_PH_SHA_512.
 *   <li>ML_DSA_44/65/87: sign/verify with ML_DSA_SHAKE_256.
 *   <li>SM2 (China Regions): encrypt/decrypt with SM2PKE, sign/verify with SM2DSA, or key agreement with ECDH.
 *   <li>HMAC_224/256/384/512: generate/verify MAC with HMAC_SHA_224/256/384/512 respectively.
 * </ul>
 *
 * A key has one usage, chosen at creation; {@link #usages} lists the choices. Lists keep the order AWS lists
 * the algorithms in (DescribeKey's {@code EncryptionAlgorithms}, {@code SigningAlgorithms}, ...).
 */
public final class KeyCapabilities {
    private static final Map<KeySpec, Map<KeyUsage, List<KeyAlgorithm>>> TABLE = new EnumMap<>(KeySpec.class);

    static {
        offer(KeySpec.SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        for (KeySpec rsa : List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096)) {
            offer(rsa, ENCRYPT_DECRYPT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256);
            offer(
                    rsa,
                    SIGN_VERIFY,
                    RSASSA_PSS_SHA_256,
                    RSASSA_PSS_SHA_384,
                    RSASSA_PSS_SHA_512,
                    RSASSA_PKCS1_V1_5_SHA_256,
                    RSASSA_PKCS1_V1_5_SHA_384,
                    RSASSA_PKCS1_V1_5_SHA_512);
        }
        offer(KeySpec.ECC_NIST_P256, SIGN_VERIFY, ECDSA_SHA_256);
        offer(KeySpec.ECC_NIST_P256, KEY_AGREEMENT, ECDH);
        offer(KeySpec.ECC_NIST_P384, SIGN_VERIFY, ECDSA_SHA_384);
        offer(KeySpec.ECC_NIST_P384, KEY_AGREEMENT, ECDH);
        offer(KeySpec.ECC_NIST_P521, SIGN_VERIFY, ECDSA_SHA_512);
        offer(KeySpec.ECC_NIST_P521, KEY_AGREEMENT, ECDH);
        offer(KeySpec.ECC_SECG_P256K1, SIGN_VERIFY, ECDSA_SHA_256);
        offer(KeySpec.ECC_NIST_EDWARDS25519, SIGN_VERIFY, ED25519_SHA_512, ED25519_PH_SHA_512);
        for (KeySpec mlDsa : List.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87)) {
            offer(mlDsa, SIGN_VERIFY, ML_DSA_SHAKE_256);
        }
        offer(KeySpec.SM2, ENCRYPT_DECRYPT, SM2PKE);
        offer(KeySpec.SM2, SIGN_VERIFY, SM2DSA);
        offer(KeySpec.SM2, KEY_AGREEMENT, ECDH);
        offer(KeySpec.HMAC_224, GENERATE_VERIFY_MAC, MacAlgorithm.HMAC_SHA_224);
        offer(KeySpec.HMAC_256, GENERATE_VERIFY_MAC, MacAlgorithm.HMAC_SHA_256);
        offer(KeySpec.HMAC_384, GENERATE_VERIFY_MAC, MacAlgorithm.HMAC_SHA_384);
        offer(KeySpec.HMAC_512, GENERATE_VERIFY_MAC, MacAlgorithm.HMAC_SHA_512);
        for (KeySpec spec : KeySpec.values()) {
            if (!TABLE.containsKey(spec)) throw new ExceptionInInitializerError("no capabilities for " + spec);
        }
    }

    private KeyCapabilities() {}

    private static void offer(KeySpec spec, KeyUsage usage, KeyAlgorithm... algorithms) {
        for (KeyAlgorithm a : algorithms) {
            if (!usage.algorithmType().isInstance(a)) {
                throw new ExceptionInInitializerError(a + " is not an algorithm for " + usage);
            }
        }
        TABLE.computeIfAbsent(spec, s -> new EnumMap<>(KeyUsage.class)).put(usage, List.of(algorithms));
    }

    /** The usages a key of this spec may be created with. */
    public static Set<KeyUsage> usages(KeySpec spec) {
        return Collections.unmodifiableSet(TABLE.get(spec).keySet());
    }

    public static boolean allows(KeySpec spec, KeyUsage usage) {
        return TABLE.get(spec).containsKey(usage);
    }

    /** The algorithms a key of this spec and usage offers; empty if the spec does not allow the usage. */
    public static List<KeyAlgorithm> algorithms(KeySpec spec, KeyUsage usage) {
        return TABLE.get(spec).getOrDefault(usage, List.of());
    }

    public static List<EncryptionAlgorithm> encryptionAlgorithms(KeySpec spec, KeyUsage usage) {
        return only(EncryptionAlgorithm.class, spec, usage);
    }

    public static List<SigningAlgorithm> signingAlgorithms(KeySpec spec, KeyUsage usage) {
        return only(SigningAlgorithm.class, spec, usage);
    }

    public static List<MacAlgorithm> macAlgorithms(KeySpec spec, KeyUsage usage) {
        return only(MacAlgorithm.class, spec, usage);
    }

    public static List<KeyAgreementAlgorithm> keyAgreementAlgorithms(KeySpec spec, KeyUsage usage) {
        return only(KeyAgreementAlgorithm.class, spec, usage);
    }

    /** Whether a key of this spec and usage offers {@code algorithm}. */
    public static boolean offers(KeySpec spec, KeyUsage usage, KeyAlgorithm algorithm) {
        return algorithms(spec, usage).contains(algorithm);
    }

    private static <A extends KeyAlgorithm> List<A> only(Class<A> type, KeySpec spec, KeyUsage usage) {
        List<A> out = new ArrayList<>();
        for (KeyAlgorithm a : algorithms(spec, usage)) {
            if (type.isInstance(a)) out.add(type.cast(a));
        }
        return List.copyOf(out);
    }
}
