package dev.trent.core.kms;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The AWS managed keys a service makes on first use in an account and Region ({@code alias/aws/ssm}, {@code
 * alias/aws/secretsmanager}): a symmetric encryption key with {@code KeyManager} {@code AWS}, rotated every year, the
 * predefined alias naming it, and the key policy AWS gives such keys. That policy lets every principal of the account
 * use the key for cryptography only through the service ({@code kms:ViaService} and {@code kms:CallerAccount}), and
 * the account read its metadata; it allows nothing else, so users cannot disable, schedule for deletion, re-policy,
 * tag or otherwise manage the key: KMS refuses with its usual {@code AccessDeniedException}, as AWS does. The key
 * and its alias are written in one batch, so concurrent first uses (on one node or several) make one key.
 */
public final class AwsManagedKeys {
    /** A service that has an AWS managed key. */
    public enum Service {
        SSM(
                "ssm",
                "alias/aws/ssm",
                "Default key that protects my SSM parameters when no other key is defined",
                "auto-ssm-1",
                "Allow access through SSM for all principals in the account that are authorized to use SSM"),
        SECRETS_MANAGER(
                "secretsmanager",
                "alias/aws/secretsmanager",
                "Default key that protects my Secrets Manager data when no other key is defined",
                "auto-secretsmanager-2",
                "Allow access through AWS Secrets Manager for all principals in the account that are authorized to"
                        + " use AWS Secrets Manager");

        private final String endpointPrefix;
        private final String alias;
        private final String description;
        private final String policyId;
        private final String sid;

        Service(String endpointPrefix, String alias, String description, String policyId, String sid) {
            this.endpointPrefix = endpointPrefix;
            this.alias = alias;
            this.description = description;
            this.policyId = policyId;
            this.sid = sid;
        }

        /** The alias of the service's AWS managed key. */
        public String alias() {
            return alias;
        }

        /** The {@code kms:ViaService} value of the service in {@code region}. */
        public String viaService(String region) {
            return endpointPrefix + "." + region + ".amazonaws.com";
        }
    }

    private static final int ROTATION_DAYS = 365;

    private final KeyRegistry registry;
    private final Clock clock;
    private final SecureRandom random;

    public AwsManagedKeys(KeyRegistry registry, Clock clock, SecureRandom random) {
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    /**
     * The ARN of {@code service}'s AWS managed key in the account and Region, made now if there is none yet. No
     * authorization: the service calls it before it uses the key on the caller's behalf (where KMS decides).
     */
    public String ensure(Service service, String accountId, String region, String partition) {
        AliasAddress address = new AliasAddress(accountId, region, service.alias);
        for (int attempt = 0; attempt < KeyRegistry.MAX_ATTEMPTS; attempt++) {
            Alias existing = registry.alias(address);
            if (existing != null) {
                KeyEntry e = registry.entry(existing.targetAddress());
                if (e != null) return e.key().arn();
            }
            if (existing == null) {
                KeyEntry made = create(service, accountId, region, partition);
                if (made != null) return made.key().arn();
            }
            // another node made it first: follow the store's change feed to see its key
            registry.refresh();
        }
        throw new IllegalStateException("the AWS managed key " + service.alias + " could not be made");
    }

    private KeyEntry create(Service service, String accountId, String region, String partition) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        KeyId id = KeyId.of(UUID.randomUUID());
        byte[] materialId = new byte[32];
        random.nextBytes(materialId);
        KmsKey key = KmsKey.builder()
                .id(id)
                .accountId(accountId)
                .region(region)
                .partition(partition)
                .creationDate(now)
                .description(service.description)
                .state(KeyState.Enabled)
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .origin(Origin.AWS_KMS)
                .policy(policy(service, accountId, region, partition))
                .materials(List.of(new KeyMaterialInfo(1, HexFormat.of().formatHex(materialId), now)))
                .rotation(KeyRotation.NONE.enable(ROTATION_DAYS, now))
                .awsManaged(true)
                .build();
        Alias alias = new Alias(accountId, region, service.alias, id, now, now);
        KeyMaterial material = AsymmetricKeys.generate(KeySpec.SYMMETRIC_DEFAULT, random);
        return registry.createKey(key, KeyMaterials.of(1, material), alias);
    }

    /** The key policy AWS gives the service's AWS managed key. */
    static String policy(Service service, String accountId, String region, String partition) {
        String root = "arn:" + partition + ":iam::" + accountId + ":root";
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"" + service.policyId + "\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"" + service.sid + "\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"*\"\n    },\n"
                + "    \"Action\" : [ \"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\","
                + " \"kms:CreateGrant\", \"kms:DescribeKey\" ],\n    \"Resource\" : \"*\",\n"
                + "    \"Condition\" : {\n      \"StringEquals\" : {\n        \"kms:CallerAccount\" : \"" + accountId
                + "\",\n        \"kms:ViaService\" : \"" + service.viaService(region) + "\"\n      }\n    }\n  }, {\n"
                + "    \"Sid\" : \"Allow direct access to key metadata to the account\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"" + root + "\"\n    },\n"
                + "    \"Action\" : [ \"kms:Describe*\", \"kms:Get*\", \"kms:List*\", \"kms:RevokeGrant\" ],\n"
                + "    \"Resource\" : \"*\"\n  } ]\n}";
    }
}
