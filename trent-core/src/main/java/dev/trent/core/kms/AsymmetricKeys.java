package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import dev.trent.crypto.Ecdh;
import dev.trent.crypto.HmacSha;
import dev.trent.crypto.KeyPairKind;
import dev.trent.crypto.LoadedKeyPair;
import dev.trent.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Key material of the asymmetric and HMAC key specs: what each spec generates, and the parsed form of each material
 * version, cached per {@link KeyMaterial} instance (a material version never changes; when its ring is dropped the
 * cached form goes with it). One cache serves every use: signing, asymmetric decryption and key agreement all take
 * the same {@link ParsedPair}, which parses the PKCS#8 once and makes the ECDH form on first use.
 */
final class AsymmetricKeys {
    private static final Map<KeyMaterial, Object> PARSED = new WeakHashMap<>();

    private AsymmetricKeys() {}

    static KeyPairKind kind(KeySpec spec) {
        return switch (spec) {
            case RSA_2048 -> KeyPairKind.RSA_2048;
            case RSA_3072 -> KeyPairKind.RSA_3072;
            case RSA_4096 -> KeyPairKind.RSA_4096;
            case ECC_NIST_P256 -> KeyPairKind.EC_P256;
            case ECC_NIST_P384 -> KeyPairKind.EC_P384;
            case ECC_NIST_P521 -> KeyPairKind.EC_P521;
            case ECC_SECG_P256K1 -> KeyPairKind.EC_SECP256K1;
            case ECC_NIST_EDWARDS25519 -> KeyPairKind.ED25519;
            case ML_DSA_44 -> KeyPairKind.ML_DSA_44;
            case ML_DSA_65 -> KeyPairKind.ML_DSA_65;
            case ML_DSA_87 -> KeyPairKind.ML_DSA_87;
            case SM2 -> KeyPairKind.SM2;
            default -> throw new IllegalArgumentException(spec + " is not asymmetric");
        };
    }

    static HmacSha.Algorithm hmac(KeySpec spec) {
        return switch (spec) {
            case HMAC_224 -> HmacSha.Algorithm.HMAC_SHA_224;
            case HMAC_256 -> HmacSha.Algorithm.HMAC_SHA_256;
            case HMAC_384 -> HmacSha.Algorithm.HMAC_SHA_384;
            case HMAC_512 -> HmacSha.Algorithm.HMAC_SHA_512;
            default -> throw new IllegalArgumentException(spec + " is not an HMAC spec");
        };
    }

    /** Fresh material for a new key of {@code spec}. */
    static KeyMaterial generate(KeySpec spec, SecureRandom random) {
        return switch (spec.materialType()) {
            case SYMMETRIC -> new KeyMaterial.Symmetric(SecretBytes.random(random, 32));
            case HMAC ->
                new KeyMaterial.Hmac(SecretBytes.random(random, hmac(spec).tagLength()));
            case ASYMMETRIC -> {
                KeyPairKind.Generated g = kind(spec).generate(random);
                yield new KeyMaterial.Asymmetric(g.privateKeyPkcs8(), g.publicKeyDer());
            }
        };
    }

    /** The parsed key pair of asymmetric material of a key of {@code spec}. */
    static LoadedKeyPair keyPair(KeySpec spec, KeyMaterial material) {
        if (!(material instanceof KeyMaterial.Asymmetric a)) {
            throw new IllegalStateException("not asymmetric key material: " + material);
        }
        return parsed(spec, a).keys();
    }

    /** The ECDH form of asymmetric material of a KEY_AGREEMENT key of {@code spec}, made once per material version. */
    static Ecdh ecdh(KeySpec spec, KeyMaterial material) {
        if (!(material instanceof KeyMaterial.Asymmetric a)) {
            throw new IllegalStateException("not asymmetric key material: " + material);
        }
        return parsed(spec, a).ecdh();
    }

    private static ParsedPair parsed(KeySpec spec, KeyMaterial.Asymmetric material) {
        Object cached = cached(material);
        if (cached instanceof ParsedPair p) return p;
        ParsedPair p = new ParsedPair(kind(spec).load(material.privateKeyPkcs8(), material.publicKeyDer()));
        remember(material, p);
        return p;
    }

    /**
     * The parsed forms of one asymmetric material version. Two threads may both make the ECDH form on first use;
     * either result is right and the last one stays.
     */
    private static final class ParsedPair {
        private final LoadedKeyPair keys;
        private volatile Ecdh ecdh;

        ParsedPair(LoadedKeyPair keys) {
            this.keys = keys;
        }

        LoadedKeyPair keys() {
            return keys;
        }

        Ecdh ecdh() {
            Ecdh e = ecdh;
            if (e == null) {
                e = new Ecdh(keys);
                ecdh = e;
            }
            return e;
        }
    }

    /** The MAC of HMAC material of a key of {@code spec}. */
    static HmacSha mac(KeySpec spec, KeyMaterial material) {
        if (!(material instanceof KeyMaterial.Hmac h)) {
            throw new IllegalStateException("not HMAC key material: " + material);
        }
        Object cached = cached(material);
        if (cached instanceof HmacSha m) return m;
        HmacSha m = new HmacSha(hmac(spec), h.key());
        remember(material, m);
        return m;
    }

    private static Object cached(KeyMaterial material) {
        synchronized (PARSED) {
            return PARSED.get(material);
        }
    }

    private static void remember(KeyMaterial material, Object parsed) {
        synchronized (PARSED) {
            PARSED.put(material, parsed);
        }
    }

    /** The InvalidKeyUsageException AWS gives when a key's usage does not fit the operation. */
    static ServiceException wrongUsage(KmsKey k, String operation) {
        return new ServiceException(
                "InvalidKeyUsageException",
                400,
                k.arn() + " key usage is " + k.keyUsage().wireName() + " which is not valid for " + operation + ".");
    }

    /**
     * {@code InvalidKeyUsageException} for an algorithm the key's spec does not offer; names the ones it does when
     * {@code offered} is given.
     */
    static ServiceException incompatibleAlgorithm(
            KmsKey k, KeyAlgorithm algorithm, java.util.List<? extends KeyAlgorithm> offered) {
        String use = offered == null
                ? ""
                : " Use "
                        + offered.stream()
                                .map(KeyAlgorithm::wireName)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + ".";
        return new ServiceException(
                "InvalidKeyUsageException",
                400,
                "Algorithm " + algorithm.wireName() + " is incompatible with key spec "
                        + k.keySpec().wireName() + "." + use);
    }

    static void dryRun(boolean dryRun) {
        if (dryRun) {
            throw new ServiceException(
                    "DryRunOperationException", 412, "The request would have succeeded, but the DryRun option is set.");
        }
    }
}
