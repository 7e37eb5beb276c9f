package dev.trent.core.quota;

import dev.trent.core.kms.KeySpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * AWS KMS's request quotas and their default values, as the AWS KMS Developer Guide's "Request quotas" table gives
 * them: the cryptographic operations share one quota per type of KMS key (symmetric and HMAC keys; RSA; ECC and
 * SM2; ML-DSA), whose symmetric default depends on the Region; GenerateDataKeyPair and
 * GenerateDataKeyPairWithoutPlaintext share one quota per key pair spec; every other operation has its own.
 * Operations not in the table (none today) are not limited.
 */
public final class KmsRequestQuotas {
    private static final String RATE = " request rate";

    private static final QuotaCatalogue CATALOGUE = new QuotaCatalogue();

    public static final RequestQuota SYMMETRIC = CATALOGUE.add(
            "kms-cryptographic-symmetric",
            "Cryptographic operations (symmetric) request rate",
            10_000,
            regions(
                    100_000,
                    "us-east-1",
                    "us-west-2",
                    "eu-west-1",
                    20_000,
                    "us-east-2",
                    "ap-southeast-1",
                    "ap-southeast-2",
                    "ap-northeast-1",
                    "eu-central-1",
                    "eu-west-2"));
    public static final RequestQuota RSA =
            CATALOGUE.add("kms-cryptographic-rsa", "Cryptographic operations (RSA) request rate", 1_000);
    public static final RequestQuota ECC_SM2 =
            CATALOGUE.add("kms-cryptographic-ecc-sm2", "Cryptographic operations (ECC and SM2) request rate", 1_000);
    public static final RequestQuota ML_DSA =
            CATALOGUE.add("kms-cryptographic-ml-dsa", "Cryptographic operations (ML-DSA) request rate", 1_000);

    /** The quota of each key pair spec of GenerateDataKeyPair(WithoutPlaintext). */
    private static final Map<String, RequestQuota> KEY_PAIRS = new HashMap<>();

    /** The quota of each operation that has its own. */
    private static final Map<String, RequestQuota> OPERATIONS = new HashMap<>();

    static {
        keyPair("ECC_NIST_P256", 100, Map.of());
        keyPair("ECC_NIST_P384", 100, Map.of());
        keyPair("ECC_NIST_P521", 100, Map.of());
        keyPair("ECC_SECG_P256K1", 100, Map.of());
        keyPair("ECC_NIST_EDWARDS25519", 100, Map.of());
        keyPair("RSA_2048", 20, china(1));
        keyPair("RSA_3072", 4, china(0.5));
        keyPair("RSA_4096", 1, china(0.1));
        keyPair("SM2", 25, Map.of());
        Object[] own = {
            "CancelKeyDeletion", 5,
            "ConnectCustomKeyStore", 5,
            "CreateAlias", 5,
            "CreateCustomKeyStore", 5,
            "CreateGrant", 50,
            "CreateKey", 5,
            "DeleteAlias", 15,
            "DeleteCustomKeyStore", 5,
            "DeleteImportedKeyMaterial", 15,
            "DescribeCustomKeyStores", 5,
            "DescribeKey", 2000,
            "DisableKey", 5,
            "DisableKeyRotation", 5,
            "DisconnectCustomKeyStore", 5,
            "EnableKey", 5,
            "EnableKeyRotation", 15,
            "GetKeyLastUsage", 5,
            "GetKeyPolicy", 1000,
            "GetKeyRotationStatus", 1000,
            "GetParametersForImport", 1,
            "GetPublicKey", 2000,
            "ImportKeyMaterial", 15,
            "ListAliases", 500,
            "ListGrants", 100,
            "ListKeyPolicies", 100,
            "ListKeys", 500,
            "ListKeyRotations", 100,
            "ListResourceTags", 2000,
            "ListRetirableGrants", 100,
            "PutKeyPolicy", 15,
            "ReplicateKey", 5,
            "RetireGrant", 50,
            "RevokeGrant", 50,
            "RotateKeyOnDemand", 5,
            "ScheduleKeyDeletion", 15,
            "TagResource", 10,
            "UntagResource", 5,
            "UpdateAlias", 5,
            "UpdateCustomKeyStore", 5,
            "UpdateKeyDescription", 5,
            "UpdatePrimaryRegion", 5
        };
        for (int i = 0; i < own.length; i += 2) {
            String op = (String) own[i];
            OPERATIONS.put(op, CATALOGUE.add("kms-" + kebab(op), op + RATE, ((Integer) own[i + 1]).doubleValue()));
        }
    }

    private KmsRequestQuotas() {}

    public static QuotaCatalogue catalogue() {
        return CATALOGUE;
    }

    /** The quota of an operation that has its own (CreateKey, DescribeKey, ...), or null. */
    public static RequestQuota ofOperation(String operation) {
        return OPERATIONS.get(operation);
    }

    /** The shared cryptographic quota of a key of {@code spec}. */
    public static RequestQuota ofKeySpec(KeySpec spec) {
        if (spec == null) return SYMMETRIC;
        String n = spec.name();
        if (n.startsWith("RSA_")) return RSA;
        if (n.startsWith("ECC_") || n.equals("SM2")) return ECC_SM2;
        if (n.startsWith("ML_DSA_")) return ML_DSA;
        return SYMMETRIC;
    }

    /** The GenerateDataKeyPair quota of a key pair spec, or null for a spec that is not one. */
    public static RequestQuota ofKeyPairSpec(String keyPairSpec) {
        return keyPairSpec == null ? null : KEY_PAIRS.get(keyPairSpec);
    }

    private static void keyPair(String spec, double rate, Map<String, Double> regional) {
        KEY_PAIRS.put(
                spec,
                CATALOGUE.add(
                        "kms-generate-data-key-pair-"
                                + spec.toLowerCase(Locale.ROOT).replace('_', '-'),
                        "GenerateDataKeyPair (" + (spec.equals("SM2") ? "SM2 — China Regions only" : spec) + ")" + RATE,
                        rate,
                        regional));
    }

    private static Map<String, Double> china(double rate) {
        return Map.of("cn-north-1", rate, "cn-northwest-1", rate);
    }

    /** {@code rate, region, region, ..., rate, region, ...} as a map from Region to rate. */
    private static Map<String, Double> regions(Object... spec) {
        Map<String, Double> m = new HashMap<>();
        double rate = 0;
        for (Object o : spec) {
            if (o instanceof Integer r) rate = r;
            else m.put((String) o, rate);
        }
        return m;
    }

    /** {@code CreateKey} → {@code create-key}. */
    static String kebab(String operation) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < operation.length(); i++) {
            char c = operation.charAt(i);
            if (Character.isUpperCase(c) && i > 0) b.append('-');
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }
}
