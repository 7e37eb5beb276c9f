package dev.trent.core.kms;

/** The IAM actions of the KMS operations Trent implements, as the authorizer and the key-state table name them. */
public final class KmsActions {
    private KmsActions() {}

    public static final String ENCRYPT = "kms:Encrypt";
    public static final String DECRYPT = "kms:Decrypt";
    public static final String RE_ENCRYPT_FROM = "kms:ReEncryptFrom";
    public static final String RE_ENCRYPT_TO = "kms:ReEncryptTo";
    public static final String GENERATE_DATA_KEY = "kms:GenerateDataKey";
    public static final String GENERATE_DATA_KEY_WITHOUT_PLAINTEXT = "kms:GenerateDataKeyWithoutPlaintext";
    public static final String GENERATE_DATA_KEY_PAIR = "kms:GenerateDataKeyPair";
    public static final String GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT = "kms:GenerateDataKeyPairWithoutPlaintext";
    public static final String GET_PUBLIC_KEY = "kms:GetPublicKey";
    public static final String SIGN = "kms:Sign";
    public static final String VERIFY = "kms:Verify";
    public static final String GENERATE_MAC = "kms:GenerateMac";
    public static final String VERIFY_MAC = "kms:VerifyMac";
    public static final String DERIVE_SHARED_SECRET = "kms:DeriveSharedSecret";

    public static final String CREATE_KEY = "kms:CreateKey";
    public static final String DESCRIBE_KEY = "kms:DescribeKey";
    public static final String ENABLE_KEY = "kms:EnableKey";
    public static final String DISABLE_KEY = "kms:DisableKey";
    public static final String SCHEDULE_KEY_DELETION = "kms:ScheduleKeyDeletion";
    public static final String CANCEL_KEY_DELETION = "kms:CancelKeyDeletion";
    public static final String UPDATE_KEY_DESCRIPTION = "kms:UpdateKeyDescription";

    public static final String CREATE_ALIAS = "kms:CreateAlias";
    public static final String UPDATE_ALIAS = "kms:UpdateAlias";
    public static final String LIST_ALIASES = "kms:ListAliases";

    public static final String TAG_RESOURCE = "kms:TagResource";
    public static final String UNTAG_RESOURCE = "kms:UntagResource";
    public static final String LIST_RESOURCE_TAGS = "kms:ListResourceTags";
    public static final String GET_KEY_POLICY = "kms:GetKeyPolicy";
    public static final String PUT_KEY_POLICY = "kms:PutKeyPolicy";
    public static final String LIST_KEY_POLICIES = "kms:ListKeyPolicies";
    public static final String GET_KEY_ROTATION_STATUS = "kms:GetKeyRotationStatus";

    public static final String CREATE_GRANT = "kms:CreateGrant";
    public static final String LIST_GRANTS = "kms:ListGrants";
    public static final String LIST_RETIRABLE_GRANTS = "kms:ListRetirableGrants";
    public static final String RETIRE_GRANT = "kms:RetireGrant";
    public static final String REVOKE_GRANT = "kms:RevokeGrant";
    public static final String ENABLE_KEY_ROTATION = "kms:EnableKeyRotation";
    public static final String DISABLE_KEY_ROTATION = "kms:DisableKeyRotation";
    public static final String ROTATE_KEY_ON_DEMAND = "kms:RotateKeyOnDemand";
    public static final String LIST_KEY_ROTATIONS = "kms:ListKeyRotations";
    public static final String GET_PARAMETERS_FOR_IMPORT = "kms:GetParametersForImport";
    public static final String IMPORT_KEY_MATERIAL = "kms:ImportKeyMaterial";
    public static final String DELETE_IMPORTED_KEY_MATERIAL = "kms:DeleteImportedKeyMaterial";
    public static final String REPLICATE_KEY = "kms:ReplicateKey";
    public static final String UPDATE_PRIMARY_REGION = "kms:UpdatePrimaryRegion";
}
