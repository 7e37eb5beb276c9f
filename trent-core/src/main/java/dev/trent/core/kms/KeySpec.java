package dev.trent.core.kms;

/**
 * Every key spec of the AWS KMS API ({@code KeySpec} in the botocore model), by wire name. Which key usages and
 * algorithms each one offers is {@link KeyCapabilities}'s table; what Trent can create today is CreateKey's
 * business.
 */
public enum KeySpec {
    SYMMETRIC_DEFAULT(MaterialType.SYMMETRIC),
    RSA_2048(MaterialType.ASYMMETRIC),
    RSA_3072(MaterialType.ASYMMETRIC),
    RSA_4096(MaterialType.ASYMMETRIC),
    ECC_NIST_P256(MaterialType.ASYMMETRIC),
    ECC_NIST_P384(MaterialType.ASYMMETRIC),
    ECC_NIST_P521(MaterialType.ASYMMETRIC),
    ECC_SECG_P256K1(MaterialType.ASYMMETRIC),
    ECC_NIST_EDWARDS25519(MaterialType.ASYMMETRIC),
    ML_DSA_44(MaterialType.ASYMMETRIC),
    ML_DSA_65(MaterialType.ASYMMETRIC),
    ML_DSA_87(MaterialType.ASYMMETRIC),
    SM2(MaterialType.ASYMMETRIC),
    HMAC_224(MaterialType.HMAC),
    HMAC_256(MaterialType.HMAC),
    HMAC_384(MaterialType.HMAC),
    HMAC_512(MaterialType.HMAC);

    /** The kind of {@link KeyMaterial} a key of this spec holds. */
    public enum MaterialType {
        SYMMETRIC,
        ASYMMETRIC,
        HMAC
    }

    private final MaterialType materialType;

    KeySpec(MaterialType materialType) {
        this.materialType = materialType;
    }

    public MaterialType materialType() {
        return materialType;
    }

    public String wireName() {
        return name();
    }

    /** The spec of that wire name; {@link IllegalArgumentException} if there is none. */
    public static KeySpec fromWire(String wireName) {
        return valueOf(wireName);
    }
}
