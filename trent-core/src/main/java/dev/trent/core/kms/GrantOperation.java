package dev.trent.core.kms;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The operations a grant can allow ({@code GrantOperation} in the botocore model), each with the IAM action it
 * stands for, the request member that carries its encryption context (for grant constraints), and the kinds of
 * key that offer it (AWS KMS Developer Guide, "Grants in AWS KMS", grant operations: a grant may only allow what
 * its key supports).
 */
public enum GrantOperation {
    DECRYPT("Decrypt", "EncryptionContext"),
    ENCRYPT("Encrypt", "EncryptionContext"),
    GENERATE_DATA_KEY("GenerateDataKey", "EncryptionContext"),
    GENERATE_DATA_KEY_WITHOUT_PLAINTEXT("GenerateDataKeyWithoutPlaintext", "EncryptionContext"),
    RE_ENCRYPT_FROM("ReEncryptFrom", "SourceEncryptionContext"),
    RE_ENCRYPT_TO("ReEncryptTo", "DestinationEncryptionContext"),
    SIGN("Sign", null),
    VERIFY("Verify", null),
    GET_PUBLIC_KEY("GetPublicKey", null),
    CREATE_GRANT("CreateGrant", null),
    RETIRE_GRANT("RetireGrant", null),
    DESCRIBE_KEY("DescribeKey", null),
    GENERATE_DATA_KEY_PAIR("GenerateDataKeyPair", "EncryptionContext"),
    GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT("GenerateDataKeyPairWithoutPlaintext", "EncryptionContext"),
    GENERATE_MAC("GenerateMac", null),
    VERIFY_MAC("VerifyMac", null),
    DERIVE_SHARED_SECRET("DeriveSharedSecret", null);

    private static final Map<String, GrantOperation> BY_WIRE = new HashMap<>();
    private static final Map<String, GrantOperation> BY_ACTION = new HashMap<>();

    static {
        for (GrantOperation o : values()) {
            BY_WIRE.put(o.wireName, o);
            BY_ACTION.put(o.action, o);
        }
    }

    /** What every key offers: reading it and managing grants on it. */
    private static final Set<GrantOperation> EVERY_KEY = EnumSet.of(DESCRIBE_KEY, CREATE_GRANT, RETIRE_GRANT);

    private final String wireName;
    private final String action;
    private final String contextMember;

    GrantOperation(String wireName, String contextMember) {
        this.wireName = wireName;
        this.action = "kms:" + wireName;
        this.contextMember = contextMember;
    }

    public String wireName() {
        return wireName;
    }

    /** The IAM action the operation stands for ({@code kms:Encrypt}). */
    public String action() {
        return action;
    }

    /**
     * The request member holding the encryption context an encryption-context constraint is checked against
     * ({@code EncryptionContext}; for ReEncrypt, {@code SourceEncryptionContext} or {@code
     * DestinationEncryptionContext}), or null for operations without one.
     */
    public String contextMember() {
        return contextMember;
    }

    /** Whether the operation takes an encryption context, so an encryption-context constraint applies to it. */
    public boolean takesEncryptionContext() {
        return contextMember != null;
    }

    /** The operation of that wire name, or null. */
    public static GrantOperation fromWire(String wireName) {
        return BY_WIRE.get(wireName);
    }

    /** The grant operation an IAM action stands for, or null if no grant can allow that action. */
    public static GrantOperation ofAction(String action) {
        return BY_ACTION.get(action);
    }

    /** Whether a key of this spec and usage supports the operation (a grant for it may be created). */
    public boolean supportedBy(KeySpec spec, KeyUsage usage) {
        if (EVERY_KEY.contains(this)) return true;
        return switch (spec.materialType()) {
            case SYMMETRIC ->
                switch (this) {
                    case ENCRYPT,
                            DECRYPT,
                            RE_ENCRYPT_FROM,
                            RE_ENCRYPT_TO,
                            GENERATE_DATA_KEY,
                            GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
                            GENERATE_DATA_KEY_PAIR,
                            GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT -> true;
                    default -> false;
                };
            case HMAC -> this == GENERATE_MAC || this == VERIFY_MAC;
            case ASYMMETRIC ->
                switch (usage) {
                    case ENCRYPT_DECRYPT ->
                        switch (this) {
                            case ENCRYPT, DECRYPT, RE_ENCRYPT_FROM, RE_ENCRYPT_TO, GET_PUBLIC_KEY -> true;
                            default -> false;
                        };
                    case SIGN_VERIFY -> this == SIGN || this == VERIFY || this == GET_PUBLIC_KEY;
                    case KEY_AGREEMENT -> this == DERIVE_SHARED_SECRET || this == GET_PUBLIC_KEY;
                    case GENERATE_VERIFY_MAC -> false;
                };
        };
    }
}
